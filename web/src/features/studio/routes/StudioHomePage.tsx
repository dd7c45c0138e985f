import { Link } from 'react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, Skeleton } from '../../../ui';
import { formatDate } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { RoleGate, TEACHING_ROLES } from '../components/RoleGate';
import { StatusBadge } from '../components/StatusBadge';
import { StudioNav } from '../components/StudioNav';
import { useMine } from '../hooks';
import '../studio.css';

const FILTERS = ['', 'draft', 'review', 'published', 'archived'];

export default function StudioHomePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('studio.title'));
  return (
    <RoleGate roles={TEACHING_ROLES}>
      <div className="page-head">
        <h1>{t('studio.title')}</h1>
        <Link className="btn btn-primary" to="/studio/new">
          {t('studio.create')}
        </Link>
      </div>
      <StudioNav />
      <MyCourses />
    </RoleGate>
  );
}

function MyCourses() {
  const { t } = useTranslation();
  const [status, setStatus] = useState('');
  const mine = useMine(status);
  return (
    <section aria-labelledby="mine-h">
      <h2 id="mine-h">{t('studio.myCourses')}</h2>
      <div className="row" role="group" aria-label={t('studio.filterStatus')}>
        {FILTERS.map((f) => (
          <button key={f || 'all'} type="button" className="btn btn-ghost chip" aria-pressed={status === f} onClick={() => setStatus(f)}>
            {f ? t(`studio.status.${f}`) : t('studio.all')}
          </button>
        ))}
      </div>
      {mine.isPending ? (
        <Skeleton lines={4} />
      ) : mine.isError ? (
        <ErrorState error={mine.error} onRetry={() => void mine.refetch()} />
      ) : mine.data.items.length === 0 ? (
        <EmptyState title={t('studio.noCourses')}>
          <Link to="/studio/new">{t('studio.create')}</Link>
        </EmptyState>
      ) : (
        <ul className="plain-list studio-list">
          {mine.data.items.map((c) => (
            <li key={c.course_id} className="card studio-course">
              <div className="studio-course-main">
                <h3>
                  <Link to={`/studio/courses/${c.slug}`}>{c.title}</Link>
                </h3>
                <p className="row">
                  <StatusBadge status={c.status} />
                  <span className="muted">{t('studio.updated', { date: formatDate(c.updated_at) })}</span>
                  <span className="muted">{t('studio.learners', { count: c.enrollment_count })}</span>
                </p>
                {c.status === 'draft' && c.review_comment && (
                  <p className="sent-back">
                    <strong>{t('studio.sentBack')}</strong> {c.review_comment}
                  </p>
                )}
              </div>
              <div className="row">
                <Link className="btn btn-secondary" to={`/studio/courses/${c.slug}/preview`}>
                  {t('studio.preview')}
                </Link>
                <Link className="btn btn-ghost" to={`/studio/analytics/${c.slug}`}>
                  {t('studio.analytics.short')}
                </Link>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
