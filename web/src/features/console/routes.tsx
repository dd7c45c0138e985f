import type { RouteObject } from 'react-router';
import { Navigate } from 'react-router';
import { withSections } from '../../i18n';
import { lazyPage } from '../../lib/route';

/**
 * The admin console under /console. Its pages need the admin-scoped session (their own
 * guard in ConsoleLayout sends others to /console/login), not the learner's.
 */
export const consoleRoutes: RouteObject[] = [
  { path: 'console/login', element: lazyPage(() => withSections(import('./routes/ConsoleLoginPage'), 'console')) },
  {
    path: 'console',
    element: lazyPage(() => withSections(import('./routes/ConsoleLayout'), 'console')),
    children: [
      { index: true, element: <Navigate to="users" replace /> },
      { path: 'users', element: lazyPage(() => withSections(import('./routes/UsersPage'), 'console')) },
      { path: 'adaptive', element: lazyPage(() => withSections(import('./routes/TracksPage'), 'console')) },
      { path: 'adaptive/:slug', element: lazyPage(() => withSections(import('./routes/TrackPage'), 'console')) },
      { path: 'approvals', element: lazyPage(() => withSections(import('./routes/ApprovalsPage'), 'console')) },
      { path: 'jobs', element: lazyPage(() => withSections(import('./routes/JobsPage'), 'console')) },
      { path: 'model', element: lazyPage(() => withSections(import('./routes/ModelPage'), 'console')) },
    ],
  },
];
