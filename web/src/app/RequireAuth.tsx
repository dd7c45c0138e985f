import { Navigate, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../api/context';
import { Skeleton } from '../ui';

/** Waits for the session restore; anonymous visitors go to login and come back after. */
export function RequireAuth() {
  const { status } = useSession();
  const location = useLocation();
  const { t } = useTranslation();
  if (status === 'restoring') return <Skeleton label={t('session.restoring')} />;
  if (status === 'anonymous') {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}
