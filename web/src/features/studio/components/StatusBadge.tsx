import { useTranslation } from 'react-i18next';

/** A course's workflow status in words (colour is never the only cue). */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`badge status-badge status-${status}`}>{t(`studio.status.${status}`, { defaultValue: status })}</span>;
}
