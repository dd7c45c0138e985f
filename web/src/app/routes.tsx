import type { RouteObject } from 'react-router';
import { adaptivePrivateRoutes } from '../features/adaptive/routes';
import { catalogPrivateRoutes, catalogPublicRoutes } from '../features/catalog/routes';
import { consoleRoutes } from '../features/console/routes';
import { identityPrivateRoutes, identityPublicRoutes } from '../features/identity/routes';
import { learningPrivateRoutes } from '../features/learning/routes';
import { mlPrivateRoutes } from '../features/ml/routes';
import { notificationsPrivateRoutes } from '../features/notifications/routes';
import { producerPrivateRoutes } from '../features/producer/routes';
import { studioPrivateRoutes } from '../features/studio/routes';

/** Routes anyone can open. Each feature lists its own (lazy) routes. */
export const publicRoutes: RouteObject[] = [
  ...identityPublicRoutes,
  ...catalogPublicRoutes,
  // The admin console guards itself with the admin-scoped session.
  ...consoleRoutes,
];

/** Routes that need a signed-in user (the guard sends others to /login?next=…). */
export const privateRoutes: RouteObject[] = [
  ...identityPrivateRoutes,
  ...catalogPrivateRoutes,
  ...learningPrivateRoutes,
  ...mlPrivateRoutes,
  ...adaptivePrivateRoutes,
  ...notificationsPrivateRoutes,
  ...studioPrivateRoutes,
  ...producerPrivateRoutes,
];
