import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, Skeleton } from '../../../ui';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { ReviewItem } from '../components/ReviewItem';
import { RoleGate, TEACHING_ROLES } from '../components/RoleGate';
import { StudioNav } from '../components/StudioNav';
import { useCourseReviews, useMine } from '../hooks';
import '../studio.css';

export default function ReviewsInboxPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('studio.inbox.title'));
  return (
    <RoleGate roles={TEACHING_ROLES}>
      <h1>{t('studio.inbox.title')}</h1>
      <StudioNav />
      <Inbox />
    </RoleGate>
  );
}

function Inbox() {
  const { t } = useTranslation();
  const mine = useMine();
  const [onlyNew, setOnlyNew] = useState(true);
  const courses = (mine.data?.items ?? []).filter((c) => c.status === 'published' || c.status === 'archived');
  const titles = new Map(courses.map((c) => [c.slug, c.title]));
  const pages = useCourseReviews(courses.map((c) => c.slug));
  if (mine.isPending || pages.some((p) => p.isPending)) return <Skeleton lines={5} />;
  if (mine.isError) return <ErrorState error={mine.error} onRetry={() => void mine.refetch()} />;
  const failed = pages.find((p) => p.isError);
  const all = pages
    .flatMap((p) => p.data?.items ?? [])
    .sort((a, b) => b.created_at.localeCompare(a.created_at));
  const shown = onlyNew ? all.filter((r) => r.reply_count === 0) : all;
  const fresh = all.filter((r) => r.reply_count === 0).length;
  return (
    <section className="stack" aria-labelledby="inbox-h">
      <h2 id="inbox-h">{t('studio.inbox.count', { count: fresh })}</h2>
      {failed && <ErrorState error={failed.error} onRetry={() => void failed.refetch()} />}
      <div className="row" role="group" aria-label={t('studio.inbox.show')}>
        <button type="button" className="btn btn-ghost chip" aria-pressed={onlyNew} onClick={() => setOnlyNew(true)}>
          {t('studio.inbox.onlyNew')}
        </button>
        <button type="button" className="btn btn-ghost chip" aria-pressed={!onlyNew} onClick={() => setOnlyNew(false)}>
          {t('studio.inbox.all')}
        </button>
      </div>
      {shown.length === 0 ? (
        <EmptyState title={onlyNew ? t('studio.inbox.noneNew') : t('studio.inbox.none')} />
      ) : (
        <ul className="plain-list stack">
          {shown.map((r) => (
            <ReviewItem key={r.review_id} review={r} courseTitle={titles.get(r.course_slug) ?? r.course_slug} />
          ))}
        </ul>
      )}
    </section>
  );
}
