import { useDeferredValue } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../api/context';
import { Skeleton } from '../ui';

/** Waits for the session restore; anonymous visitors go to login and come back after. */
export function RequireAuth() {
  const { status: now } = useSession();
  // Signing in (the restore on load above all) mounts the whole page: that render runs in
  // the background, time-sliced, instead of inside the session's own (blocking) update.
  // Signing out takes effect at once.
  const deferred = useDeferredValue(now);
  const status = now === 'authenticated' ? deferred : now;
  const location = useLocation();
  const { t } = useTranslation();
  if (status === 'restoring') return <Skeleton label={t('session.restoring')} />;
  if (status === 'anonymous') {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}
