import type { RouteObject } from 'react-router';
import { page } from '../../lib/route';

export const mlPrivateRoutes: RouteObject[] = [
  { path: 'playground', lazy: () => import('./routes/PlaygroundPage').then(page) },
];
