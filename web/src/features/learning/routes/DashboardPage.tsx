import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../../ui';

export default function DashboardPage() {
  const { t } = useTranslation();
  return <EmptyState title={t('state.comingSoon')} />;
}
