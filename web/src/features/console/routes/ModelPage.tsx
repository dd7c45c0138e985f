import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, Field, Pagination, Skeleton, Button, Chart } from '../../../ui';
import { formatNumber } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { useHistory, useStats, type HistoryFilter, type Stats } from '../hooks';
import { DeleteHistory } from '../components/DeleteHistory';

export default function ModelPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('console.model.title'));
  return (
    <section>
      <h1>{t('console.model.title')}</h1>
      <StatsSection />
      <HistorySection />
      <DeleteHistory />
    </section>
  );
}

function StatsSection() {
  const { t } = useTranslation();
  const [range, setRange] = useState({ from: '', to: '' });
  const stats = useStats(range.from, range.to);
  return (
    <div className="console-section">
      <h2>{t('console.model.stats')}</h2>
      <RangeForm value={range} onApply={setRange} idPrefix="stats" />
      {stats.isPending ? (
        <Skeleton lines={6} />
      ) : stats.isError ? (
        <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />
      ) : stats.data.total_requests === 0 ? (
        <EmptyState title={t('console.model.noCalls')} />
      ) : (
        <StatsView stats={stats.data} />
      )}
    </div>
  );
}

/** The figures of all calls or of one model. */
type Figures = Omit<Stats, 'models'>;

function StatsView({ stats }: { stats: Stats }) {
  const { t } = useTranslation();
  const ms = (v: number) => `${formatNumber(v, 1)} ms`;
  const pct = (v: number) => `${formatNumber(v, 1)} %`;
  // The latency chart: one bar group per statistic, a series per model (or all calls when
  // only one model served them, which would be the same bars twice).
  const groups = useMemo((): Array<{ label: string; s: Figures }> => {
    const models = stats.models.map((m) => ({ label: `${m.name} ${m.version}`, s: m }));
    return models.length === 1 ? models : [{ label: t('console.model.allModels'), s: stats }, ...models];
  }, [stats, t]);
  const statX = useMemo(() => [0, 1, 2, 3], []);
  const statLabels = useMemo(() => [t('console.model.mean'), t('console.model.median'), 'p95', 'p99'], [t]);
  const latency = useMemo(
    () =>
      groups.map((g) => ({
        label: g.label,
        values: [g.s.mean_processing_time, g.s.median_processing_time, g.s.percentile_95_processing_time, g.s.percentile_99_processing_time],
      })),
    [groups],
  );
  const x = useMemo(() => groups.map((_, i) => i), [groups]);
  const xLabels = useMemo(() => groups.map((g) => g.label), [groups]);
  const errors = useMemo(() => [{ label: t('console.model.errorRate'), values: groups.map((g) => g.s.error_rate * 100) }], [groups, t]);
  return (
    <>
      <dl className="stat-figures">
        <div>
          <dt>{t('console.model.calls')}</dt>
          <dd>{stats.total_requests}</dd>
        </div>
        <div>
          <dt>{t('console.model.errorRate')}</dt>
          <dd>{pct(stats.error_rate * 100)}</dd>
        </div>
        <div>
          <dt>{t('console.model.median')}</dt>
          <dd>{ms(stats.median_processing_time)}</dd>
        </div>
        <div>
          <dt>p95</dt>
          <dd>{ms(stats.percentile_95_processing_time)}</dd>
        </div>
        <div>
          <dt>p99</dt>
          <dd>{ms(stats.percentile_99_processing_time)}</dd>
        </div>
      </dl>
      <div className="console-charts">
        <Chart title={t('console.model.latencyChart')} x={statX} xLabels={statLabels} series={latency} kind="bars" format={ms} />
        <Chart title={t('console.model.errorChart')} x={x} xLabels={xLabels} series={errors} kind="bars" format={pct} />
      </div>
    </>
  );
}

function RangeForm({
  value,
  onApply,
  idPrefix,
  extra,
}: {
  value: { from: string; to: string };
  onApply: (v: { from: string; to: string }) => void;
  idPrefix: string;
  extra?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(value.from);
  const [to, setTo] = useState(value.to);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply({ from, to });
  };
  return (
    <form className="console-filters" onSubmit={submit}>
      {extra}
      <Field id={`${idPrefix}-from`} label={t('console.model.from')} type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
      <Field id={`${idPrefix}-to`} label={t('console.model.to')} type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
      <Button type="submit" variant="secondary">
        {t('console.model.apply')}
      </Button>
    </form>
  );
}

function HistorySection() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<HistoryFilter>({ status: '', userId: '', from: '', to: '', page: 1 });
  const [status, setStatus] = useState('');
  const [userId, setUserId] = useState('');
  const history = useHistory(filter);
  return (
    <div className="console-section">
      <h2>{t('console.model.history')}</h2>
      <RangeForm
        idPrefix="history"
        value={filter}
        onApply={(r) => setFilter({ ...r, status: status.trim(), userId: userId.trim(), page: 1 })}
        extra={
          <>
            <Field label={t('console.model.status')} inputMode="numeric" value={status} onChange={(e) => setStatus(e.target.value)} />
            <Field label={t('console.model.userId')} inputMode="numeric" value={userId} onChange={(e) => setUserId(e.target.value)} />
          </>
        }
      />
      {history.isPending ? (
        <Skeleton lines={6} />
      ) : history.isError ? (
        <ErrorState error={history.error} onRetry={() => void history.refetch()} />
      ) : history.data.items.length === 0 ? (
        <EmptyState title={t('console.model.noCalls')} />
      ) : (
        <>
          <p className="muted">{t('console.model.total', { count: history.data.total })}</p>
          <div className="table-wrap">
            <table className="console-table">
              <caption className="visually-hidden">{t('console.model.history')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('console.model.when')}</th>
                  <th scope="col" className="num">{t('console.model.status')}</th>
                  <th scope="col">{t('console.model.model')}</th>
                  <th scope="col" className="num">{t('console.model.time')}</th>
                  <th scope="col">{t('console.model.result')}</th>
                </tr>
              </thead>
              <tbody>
                {history.data.items.map((h) => (
                  <tr key={h.id}>
                    <th scope="row">{new Date(h.created_at).toLocaleString()}</th>
                    <td className="num">{h.status_code}</td>
                    <td>{h.model_name ? `${h.model_name} ${h.model_version ?? ''}` : '—'}</td>
                    <td className="num">{formatNumber(h.processing_ms, 1)} ms</td>
                    <td>{h.result?.[0] ? `${h.result[0].class} (${formatNumber(h.result[0].probability * 100, 1)} %)` : (h.error_code ?? '—')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={filter.page} pageSize={20} total={history.data.total} onPage={(page) => setFilter((f) => ({ ...f, page }))} />
        </>
      )}
    </div>
  );
}
