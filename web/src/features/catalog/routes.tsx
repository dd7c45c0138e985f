import type { RouteObject } from 'react-router';
import { lazyPage } from '../../lib/route';

export const catalogPublicRoutes: RouteObject[] = [
  { path: 'courses', element: lazyPage(() => import('./routes/CatalogPage')) },
  { path: 'courses/:slug', element: lazyPage(() => import('./routes/CoursePage')) },
];

export const catalogPrivateRoutes: RouteObject[] = [
  { path: 'favorites', element: lazyPage(() => import('./routes/FavoritesPage')) },
];
