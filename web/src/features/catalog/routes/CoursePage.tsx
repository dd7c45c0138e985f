import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../../ui';

export default function CoursePage() {
  const { t } = useTranslation();
  return <EmptyState title={t('state.comingSoon')} />;
}
