import { useTranslation } from 'react-i18next';
import { useSession } from '../../../api/context';
import { Button, ErrorState, Notice } from '../../../ui';
import { useRefreshAnalytics } from '../hooks';
import { PRODUCING_ROLES } from './RoleGate';

/** When the figures were computed, and (for producers and admins) a button to recompute them now. */
export function Freshness({ refreshedAt }: { refreshedAt: string | null | undefined }) {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const refresh = useRefreshAnalytics();
  const canRefresh = !!user && PRODUCING_ROLES.includes(user.role);
  const when = refreshedAt
    ? new Intl.DateTimeFormat(i18n.resolvedLanguage ?? 'en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(refreshedAt))
    : null;
  return (
    <div className="freshness row">
      <p className="muted">{when ? t('studio.analytics.asOf', { when }) : t('studio.analytics.never')}</p>
      {canRefresh ? (
        <Button variant="secondary" busy={refresh.isPending} onClick={() => refresh.mutate()}>
          {t('studio.analytics.refresh')}
        </Button>
      ) : (
        <p className="muted">{t('studio.analytics.refreshByStaff')}</p>
      )}
      {refresh.isSuccess && <Notice kind="success">{t('studio.analytics.refreshed')}</Notice>}
      {refresh.isError && <ErrorState error={refresh.error} />}
    </div>
  );
}
