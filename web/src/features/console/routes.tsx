import type { RouteObject } from 'react-router';
import { Navigate } from 'react-router';
import { lazyPage } from '../../lib/route';

/**
 * The admin console under /console. Its pages need the admin-scoped session (their own
 * guard in ConsoleLayout sends others to /console/login), not the learner's.
 */
export const consoleRoutes: RouteObject[] = [
  { path: 'console/login', element: lazyPage(() => import('./routes/ConsoleLoginPage')) },
  {
    path: 'console',
    element: lazyPage(() => import('./routes/ConsoleLayout')),
    children: [
      { index: true, element: <Navigate to="users" replace /> },
      { path: 'users', element: lazyPage(() => import('./routes/UsersPage')) },
      { path: 'adaptive', element: lazyPage(() => import('./routes/TracksPage')) },
      { path: 'adaptive/:slug', element: lazyPage(() => import('./routes/TrackPage')) },
      { path: 'approvals', element: lazyPage(() => import('./routes/ApprovalsPage')) },
      { path: 'jobs', element: lazyPage(() => import('./routes/JobsPage')) },
      { path: 'model', element: lazyPage(() => import('./routes/ModelPage')) },
    ],
  },
];
