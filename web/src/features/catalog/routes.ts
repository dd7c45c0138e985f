import type { RouteObject } from 'react-router';
import { page } from '../../lib/route';

export const catalogPublicRoutes: RouteObject[] = [
  { path: 'courses', lazy: () => import('./routes/CatalogPage').then(page) },
  { path: 'courses/:slug', lazy: () => import('./routes/CoursePage').then(page) },
];

export const catalogPrivateRoutes: RouteObject[] = [];
