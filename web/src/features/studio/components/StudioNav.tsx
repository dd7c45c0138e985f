import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';

/** The studio's sections. */
export function StudioNav() {
  const { t } = useTranslation();
  return (
    <nav className="subnav" aria-label={t('studio.sections')}>
      <NavLink to="/studio" end>
        {t('studio.myCourses')}
      </NavLink>
      <NavLink to="/studio/analytics">{t('studio.analytics.title')}</NavLink>
      <NavLink to="/studio/reviews">{t('studio.inbox.title')}</NavLink>
    </nav>
  );
}
