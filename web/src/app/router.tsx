import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { preloadRoutes } from '../lib/route';
import { RequireAuth } from './RequireAuth';
import { NotFound } from './NotFound';
import { RouteError } from './RouteError';
import { privateRoutes, publicRoutes } from './routes';
import { Shell } from './Shell';

export const appRoutes: RouteObject[] = [
  {
    path: '/',
    element: <Shell />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <Navigate to="/courses" replace /> },
      {
        errorElement: <RouteError />,
        children: [
          ...publicRoutes,
          { element: <RequireAuth />, children: privateRoutes },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(appRoutes);
}

/** Fetches the current page's chunks while the app starts (see `preloadRoutes`). */
export function preloadCurrentPage() {
  preloadRoutes(appRoutes, window.location.pathname);
}
