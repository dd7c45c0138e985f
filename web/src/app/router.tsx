import { createBrowserRouter, Navigate } from 'react-router';
import { RequireAuth } from './RequireAuth';
import { NotFound } from './NotFound';
import { RouteError } from './RouteError';
import { privateRoutes, publicRoutes } from './routes';
import { Shell } from './Shell';

export function createAppRouter() {
  return createBrowserRouter([
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
  ]);
}
