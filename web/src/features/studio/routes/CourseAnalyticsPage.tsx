import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Chart, ErrorState, Skeleton } from '../../../ui';
import { formatNumber } from '../../../lib/format';
import { formatMoney } from '../money';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { Freshness } from '../components/Freshness';
import { RoleGate, TEACHING_ROLES } from '../components/RoleGate';
import { useCourseAnalytics, useRatingDistribution } from '../hooks';
import '../studio.css';

const RANGES = [7, 30, 90];
const amount = (v: number) => formatNumber(v, 2);

export default function CourseAnalyticsPage() {
  return (
    <RoleGate roles={TEACHING_ROLES}>
      <CourseAnalytics />
    </RoleGate>
  );
}

function CourseAnalytics() {
  const { slug = '' } = useParams();
  const { t } = useTranslation();
  const [days, setDays] = useState(30);
  const stats = useCourseAnalytics(slug, days);
  const ratings = useRatingDistribution(slug);
  useDocumentTitle(stats.data ? t('studio.analytics.of', { title: stats.data.title }) : undefined);
  const trend = stats.data?.trend ?? [];
  const x = useMemo(() => trend.map((d) => Date.parse(`${d.date}T00:00:00Z`) / 1000), [trend]);
  const activity = useMemo(
    () => [
      { label: t('studio.analytics.enrollments'), values: trend.map((d) => d.enrollments) },
      { label: t('studio.analytics.completions'), values: trend.map((d) => d.lesson_completions) },
    ],
    [trend, t],
  );
  const views = useMemo(() => [{ label: t('studio.analytics.views'), values: trend.map((d) => d.views) }], [trend, t]);
  const revenue = useMemo(() => [{ label: t('studio.analytics.revenue'), values: trend.map((d) => d.revenue_cents / 100) }], [trend, t]);
  const stars = useMemo(() => ['1★', '2★', '3★', '4★', '5★'], []);
  const starX = useMemo(() => [0, 1, 2, 3, 4], []);
  const dist = useMemo(() => [{ label: t('studio.analytics.reviews'), values: ratings.data ?? [0, 0, 0, 0, 0] }], [ratings.data, t]);
  if (stats.isPending) return <Skeleton lines={8} />;
  if (stats.isError) return <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />;
  const s = stats.data;
  return (
    <>
      <p>
        <Link to="/studio/analytics">← {t('studio.analytics.title')}</Link>
      </p>
      <h1>{t('studio.analytics.of', { title: s.title })}</h1>
      <Freshness refreshedAt={s.refreshed_at} />
      <dl className="kpis">
        <div className="card">
          <dt>{t('studio.analytics.views')}</dt>
          <dd>{s.views}</dd>
        </div>
        <div className="card">
          <dt>{t('studio.analytics.enrollments')}</dt>
          <dd>{s.enrollments}</dd>
        </div>
        <div className="card">
          <dt>{t('studio.analytics.completed')}</dt>
          <dd>{s.completed}</dd>
        </div>
        <div className="card">
          <dt>{t('studio.analytics.completionRate')}</dt>
          <dd>{formatNumber(s.completion_rate * 100)} %</dd>
        </div>
        <div className="card">
          <dt>{t('studio.analytics.revenue')}</dt>
          <dd>{formatMoney(s.revenue, s.currency)}</dd>
        </div>
        <div className="card">
          <dt>{t('studio.analytics.rating')}</dt>
          <dd>{s.rating_count > 0 ? `${formatNumber(s.rating_avg)} (${s.rating_count})` : '—'}</dd>
        </div>
      </dl>
      <div className="row" role="group" aria-label={t('studio.analytics.range')}>
        {RANGES.map((d) => (
          <button key={d} type="button" className="btn btn-ghost chip" aria-pressed={d === days} onClick={() => setDays(d)}>
            {t('studio.analytics.days', { count: d })}
          </button>
        ))}
      </div>
      <div className="charts">
        <Chart title={t('studio.analytics.activityChart')} x={x} series={activity} time />
        <Chart title={t('studio.analytics.viewsChart')} x={x} series={views} time />
        <Chart title={t('studio.analytics.revenueChart', { currency: s.currency })} x={x} series={revenue} time format={amount} />
        {ratings.isError ? (
          <ErrorState error={ratings.error} onRetry={() => void ratings.refetch()} />
        ) : (
          <Chart title={t('studio.analytics.ratingChart')} x={starX} xLabels={stars} series={dist} kind="bars" />
        )}
      </div>
    </>
  );
}
