import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, EmptyState, ErrorState, Notice, Pagination, SelectField, Skeleton, errorMessage } from '../../../ui';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { useJobs, useRetryJob, type Job } from '../hooks';

const STATUSES = ['queued', 'running', 'dead', 'succeeded'] as const;

function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

export default function JobsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('console.jobs.title'));
  const [kind, setKind] = useState('');
  const [filter, setFilter] = useState({ status: '', kind: '', page: 1 });
  const jobs = useJobs(filter);
  const retry = useRetryJob();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFilter((f) => ({ ...f, kind: kind.trim(), page: 1 }));
  };
  return (
    <section>
      <h1>{t('console.jobs.title')}</h1>
      <form className="console-filters" onSubmit={submit}>
        <SelectField
          label={t('console.jobs.status')}
          value={filter.status}
          onChange={(status) => setFilter((f) => ({ ...f, status, page: 1 }))}
          options={[{ value: '', label: t('console.all') }, ...STATUSES.map((s) => ({ value: s, label: t(`console.jobs.statuses.${s}`) }))]}
        />
        <div className="field">
          <label htmlFor="job-kind">{t('console.jobs.kind')}</label>
          <input id="job-kind" value={kind} onChange={(e) => setKind(e.target.value)} />
        </div>
        <Button type="submit" variant="secondary">
          {t('console.jobs.filter')}
        </Button>
      </form>
      {retry.isSuccess && <Notice kind="success">{t('console.jobs.retried', { id: retry.data.id })}</Notice>}
      {retry.error && <Notice kind="error">{errorMessage(retry.error, t)}</Notice>}
      {jobs.isPending ? (
        <Skeleton lines={6} />
      ) : jobs.isError ? (
        <ErrorState error={jobs.error} onRetry={() => void jobs.refetch()} />
      ) : jobs.data.items.length === 0 ? (
        <EmptyState title={t('console.jobs.empty')} />
      ) : (
        <>
          <div className="table-wrap">
            <table className="console-table">
              <caption className="visually-hidden">{t('console.jobs.title')}</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">#</th>
                  <th scope="col">{t('console.jobs.kind')}</th>
                  <th scope="col">{t('console.jobs.status')}</th>
                  <th scope="col" className="num">{t('console.jobs.attempts')}</th>
                  <th scope="col">{t('console.jobs.due')}</th>
                  <th scope="col">{t('console.jobs.lastError')}</th>
                  <th scope="col">{t('console.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {jobs.data.items.map((j) => (
                  <JobRow key={j.id} job={j} busy={retry.isPending && retry.variables === j.id} onRetry={() => retry.mutate(j.id)} />
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={filter.page} pageSize={20} total={jobs.data.total} onPage={(page) => setFilter((f) => ({ ...f, page }))} />
        </>
      )}
    </section>
  );
}

function JobRow({ job: j, busy, onRetry }: { job: Job; busy: boolean; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <tr data-job={j.id}>
      <th scope="row" className="num">
        {j.id}
      </th>
      <td>{j.kind}</td>
      <td>
        <span className={`badge${j.status === 'dead' ? ' badge-dead' : ''}`}>{t(`console.jobs.statuses.${j.status}`, { defaultValue: j.status })}</span>
      </td>
      <td className="num">
        {j.attempts}/{j.max_attempts}
      </td>
      <td>{when(j.finished_at ?? j.run_at)}</td>
      <td className="console-mono">{j.last_error ?? '—'}</td>
      <td>
        {j.status === 'dead' && (
          <Button variant="secondary" busy={busy} aria-label={t('console.jobs.retryName', { id: j.id, kind: j.kind })} onClick={onRetry}>
            {t('console.jobs.retry')}
          </Button>
        )}
      </td>
    </tr>
  );
}
