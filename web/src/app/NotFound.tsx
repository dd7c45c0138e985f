import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../ui';
import { useDocumentTitle } from '../lib/useDocumentTitle';

export function NotFound() {
  const { t } = useTranslation();
  useDocumentTitle(t('notFound.title'));
  return (
    <>
      <h1>{t('notFound.title')}</h1>
      <EmptyState title={t('notFound.body')}>
        <Link to="/courses">{t('notFound.back')}</Link>
      </EmptyState>
    </>
  );
}
