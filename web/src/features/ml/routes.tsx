import type { RouteObject } from 'react-router';
import { lazyPage } from '../../lib/route';

export const mlPrivateRoutes: RouteObject[] = [
  { path: 'playground', element: lazyPage(() => import('./routes/PlaygroundPage')) },
];
