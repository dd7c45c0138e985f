import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';

export function ProducerNav() {
  const { t } = useTranslation();
  return (
    <nav className="subnav" aria-label={t('producer.sections')}>
      <NavLink to="/producer" end>
        {t('producer.queue.title')}
      </NavLink>
      <NavLink to="/producer/moderation">{t('producer.moderation.title')}</NavLink>
      <NavLink to="/producer/taxonomy">{t('producer.taxonomy.title')}</NavLink>
      <NavLink to="/studio/analytics">{t('studio.analytics.title')}</NavLink>
    </nav>
  );
}
