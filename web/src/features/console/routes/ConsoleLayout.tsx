import { useEffect } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, Skeleton } from '../../../ui';
import { useAdminApi, useAdminSession } from '../session';
import '../console.css';

const cleared = new WeakSet<QueryClient>();

const SECTIONS = [
  { to: '/console/users', label: 'console.nav.users' },
  { to: '/console/adaptive', label: 'console.nav.adaptive' },
  { to: '/console/approvals', label: 'console.nav.approvals' },
  { to: '/console/jobs', label: 'console.nav.jobs' },
  { to: '/console/model', label: 'console.nav.model' },
];

/**
 * The console's frame: restores the admin session from its cookie once, sends visitors
 * without one to /console/login, and shows the console's sections and who is signed in.
 */
export default function ConsoleLayout() {
  const { t } = useTranslation();
  const { client, session } = useAdminApi();
  const { status, user } = useAdminSession();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  useEffect(() => {
    if (session.status === 'restoring') void session.refresh();
  }, [session]);
  useEffect(() => {
    // Nothing the console loaded stays cached after its session ends (registered once per
    // cache, however often the console is opened).
    if (cleared.has(queryClient)) return;
    cleared.add(queryClient);
    session.onSessionEnd(() => queryClient.removeQueries({ queryKey: ['console'] }));
  }, [session, queryClient]);

  if (status === 'restoring') return <Skeleton label={t('session.restoring')} />;
  if (status === 'anonymous') {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/console/login?next=${encodeURIComponent(next)}`} replace />;
  }

  const logout = async () => {
    try {
      await client.POST('/api/v1/admin/session/logout', { params: { header: { 'X-Session-Transport': 'cookie' } } });
    } catch {
      /* offline: still forget the session here */
    }
    session.end(null);
    navigate('/console/login');
  };

  return (
    <div className="console">
      <div className="console-bar">
        <nav className="console-nav" aria-label={t('console.nav.label')}>
          {SECTIONS.map((s) => (
            <NavLink key={s.to} to={s.to}>
              {t(s.label)}
            </NavLink>
          ))}
        </nav>
        <div className="console-who">
          <span>{t('console.signedInAs', { name: user?.full_name ?? '' })}</span>
          <Button variant="secondary" onClick={() => void logout()}>
            {t('console.logout')}
          </Button>
        </div>
      </div>
      <Outlet />
    </div>
  );
}
