import type { RouteObject } from 'react-router';
import { lazyPage } from '../../lib/route';

export const adaptivePrivateRoutes: RouteObject[] = [
  { path: 'track', element: lazyPage(() => import('./routes/TrackPage')) },
  { path: 'track/diagnostic', element: lazyPage(() => import('./routes/DiagnosticPage')) },
  { path: 'track/content/:id', element: lazyPage(() => import('./routes/ContentPage')) },
  { path: 'track/exam/:kind', element: lazyPage(() => import('./routes/ExamPage')) },
];
