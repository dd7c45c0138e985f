import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, Skeleton } from '../../../ui';
import { formatNumber } from '../../../lib/format';
import { formatMoney } from '../money';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { Freshness } from '../components/Freshness';
import { RoleGate, TEACHING_ROLES } from '../components/RoleGate';
import { StudioNav } from '../components/StudioNav';
import { useAnalyticsList } from '../hooks';
import '../studio.css';

export default function AnalyticsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('studio.analytics.title'));
  return (
    <RoleGate roles={TEACHING_ROLES}>
      <h1>{t('studio.analytics.title')}</h1>
      <StudioNav />
      <List />
    </RoleGate>
  );
}

function List() {
  const { t } = useTranslation();
  const list = useAnalyticsList();
  if (list.isPending) return <Skeleton lines={5} />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const items = list.data.items;
  const latest = items.map((i) => i.refreshed_at).filter((x): x is string => !!x).sort().at(-1);
  return (
    <section className="stack" aria-labelledby="an-list-h">
      <h2 id="an-list-h">{t('studio.analytics.courses')}</h2>
      <Freshness refreshedAt={latest} />
      {items.length === 0 ? (
        <EmptyState title={t('studio.analytics.none')} />
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="an-list-h">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('studio.analytics.course')}</th>
                <th scope="col">{t('studio.analytics.views')}</th>
                <th scope="col">{t('studio.analytics.enrollments')}</th>
                <th scope="col">{t('studio.analytics.completionRate')}</th>
                <th scope="col">{t('studio.analytics.revenue')}</th>
                <th scope="col">{t('studio.analytics.rating')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.course_id}>
                  <th scope="row">
                    <Link to={`/studio/analytics/${c.slug}`}>{c.title}</Link>
                  </th>
                  <td>{c.views}</td>
                  <td>{c.enrollments}</td>
                  <td>{formatNumber(c.completion_rate * 100)} %</td>
                  <td>{formatMoney(c.revenue, c.currency)}</td>
                  <td>{c.rating_count > 0 ? `${formatNumber(c.rating_avg)} (${c.rating_count})` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
