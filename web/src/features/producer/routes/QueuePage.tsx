import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, Pagination, Skeleton } from '../../../ui';
import { formatDate } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { PRODUCING_ROLES, RoleGate, StatusBadge } from '../../studio';
import { ProducerNav } from '../components/ProducerNav';
import { useQueue } from '../hooks';
import '../../studio/studio.css';

const STATUSES = ['review', 'published', 'draft', 'archived'];

export default function QueuePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('producer.title'));
  return (
    <RoleGate roles={PRODUCING_ROLES}>
      <h1>{t('producer.title')}</h1>
      <ProducerNav />
      <Queue />
    </RoleGate>
  );
}

function Queue() {
  const { t } = useTranslation();
  const [status, setStatus] = useState('review');
  const [page, setPage] = useState(1);
  const q = useQueue(status, page);
  return (
    <section className="stack" aria-labelledby="queue-h">
      <h2 id="queue-h">{t(`producer.queue.heading.${status}`)}</h2>
      <div className="row" role="group" aria-label={t('producer.queue.status')}>
        {STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            className="btn btn-ghost chip"
            aria-pressed={s === status}
            onClick={() => {
              setStatus(s);
              setPage(1);
            }}
          >
            {t(`studio.status.${s}`)}
          </button>
        ))}
      </div>
      {q.isPending ? (
        <Skeleton lines={4} />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.items.length === 0 ? (
        <EmptyState title={t(`producer.queue.empty.${status}`)} />
      ) : (
        <>
          <ul className="plain-list studio-list">
            {q.data.items.map((c) => (
              <li key={c.course_id} className="card studio-course">
                <div className="studio-course-main">
                  <h3>
                    <Link to={`/producer/courses/${c.slug}`}>{c.title}</Link>
                  </h3>
                  <p className="row">
                    <StatusBadge status={c.status} />
                    <span>{t('producer.queue.by', { name: c.teacher_name })}</span>
                    <span className="muted">{t('studio.updated', { date: formatDate(c.updated_at) })}</span>
                  </p>
                </div>
                <Link className="btn btn-secondary" to={`/producer/courses/${c.slug}`} aria-label={t('producer.queue.openNamed', { title: c.title })}>
                  {t('producer.queue.open')}
                </Link>
              </li>
            ))}
          </ul>
          <Pagination page={page} pageSize={q.data.page_size} total={q.data.total} onPage={setPage} />
        </>
      )}
    </section>
  );
}
