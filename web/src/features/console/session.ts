// The admin console's own session: an admin-scoped access token in memory (a separate
// Session from the learner's) and its refresh token in the HttpOnly cookie
// `practicum_admin_refresh`, set by POST /api/v1/admin/login with the cookie transport and
// rotated at /api/v1/admin/session/refresh. Signing in or out here leaves the learner
// session alone, and the other way round.
import { useSyncExternalStore } from 'react';
import { createApi, type Api } from '../../api/client';
import { acceptLanguage } from '../../i18n';

export const ADMIN_SESSION_ROUTES = {
  refresh: '/api/v1/admin/session/refresh',
  cookiePrefixes: ['/api/v1/admin/login', '/api/v1/admin/session/'],
};

let instance: Api | null = null;

/** The console's API client (one per page load, so the token survives navigation). */
export function adminApi(): Api {
  instance ??= createApi({ language: acceptLanguage, sessionRoutes: ADMIN_SESSION_ROUTES });
  return instance;
}

export function useAdminApi(): Api {
  return adminApi();
}

export function useAdminSession() {
  const { session } = adminApi();
  const status = useSyncExternalStore(session.subscribe, () => session.status);
  const user = useSyncExternalStore(session.subscribe, () => session.user);
  const endReason = useSyncExternalStore(session.subscribe, () => session.endReason);
  return { session, status, user, endReason };
}
