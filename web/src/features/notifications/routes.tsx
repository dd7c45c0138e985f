import type { RouteObject } from 'react-router';
import { lazyPage } from '../../lib/route';

export const notificationsPrivateRoutes: RouteObject[] = [
  { path: 'notifications', element: lazyPage(() => import('./routes/NotificationsPage')) },
];
