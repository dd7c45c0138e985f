import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useApi, useSession } from '../api/context';
import { LANGUAGES, setLanguage, type Language } from '../i18n';
import { Button } from '../ui';
import { NotificationBell } from '../features/notifications/components/NotificationBell';
import { ConnectionBanner } from './ConnectionBanner';
import { NAV } from './nav';

export function Shell() {
  const { t, i18n } = useTranslation();
  const { status, user } = useSession();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  // Move focus to the page after client-side navigation, so keyboard and screen-reader users
  // start at the new content (not on the link they left).
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [location.pathname]);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="app-header">
        <div className="app-header-inner">
          <Link to="/courses" className="brand">
            Practicum
          </Link>
          <nav className="nav" aria-label={t('nav.label')}>
            {NAV.filter((n) => (!n.auth && !n.roles) || (status === 'authenticated' && (!n.roles || (!!user && n.roles.includes(user.role))))).map((n) => (
              <NavLink key={n.to} to={n.to}>
                {t(n.label)}
              </NavLink>
            ))}
          </nav>
          <div className="header-tools">
            <label className="visually-hidden" htmlFor="lang-select">
              {t('nav.language')}
            </label>
            <select
              id="lang-select"
              value={i18n.resolvedLanguage ?? 'en'}
              onChange={(e) => void setLanguage(e.target.value as Language)}
            >
              {LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {t(`languages.${l}`)}
                </option>
              ))}
            </select>
            <span className="header-break" aria-hidden="true" />
            <div className="account">
              <AccountMenu status={status} name={user?.full_name} />
            </div>
          </div>
        </div>
      </header>
      <ConnectionBanner />
      <main className="app-main" id="main" tabIndex={-1} ref={main}>
        <Outlet />
      </main>
      <footer className="app-footer">
        <a href="/docs">{t('nav.apiDocs')}</a>
      </footer>
    </>
  );
}

function AccountMenu({ status, name }: { status: string; name: string | undefined }) {
  const { t } = useTranslation();
  const { client, session } = useApi();
  const navigate = useNavigate();
  if (status === 'restoring') return <span className="account-placeholder" aria-hidden="true" />;
  if (status !== 'authenticated') {
    return (
      <>
        <Link className="btn btn-ghost" to="/login">
          {t('nav.login')}
        </Link>
        <Link className="btn btn-primary" to="/signup">
          {t('nav.signup')}
        </Link>
      </>
    );
  }
  const logout = async () => {
    try {
      await client.POST('/api/v1/auth/logout', { body: {} });
    } catch {
      /* offline: still forget the session here */
    }
    session.end(null);
    navigate('/courses');
  };
  return (
    <>
      <NotificationBell />
      <NavLink className="btn btn-ghost" to="/profile">
        {name ?? t('nav.profile')}
      </NavLink>
      <Button variant="secondary" onClick={() => void logout()}>
        {t('nav.logout')}
      </Button>
    </>
  );
}
