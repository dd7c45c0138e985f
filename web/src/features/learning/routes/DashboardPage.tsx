import { useDeferredValue } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { components } from '../../../api/schema';
import { EmptyState, ErrorState, ProgressBar, Skeleton } from '../../../ui';
import { formatDate, formatNumber } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { useCategoryNames, useMyCourses, useRecommendations } from '../hooks';
import '../learning.css';

type Recommended = components['schemas']['RecommendedCourse'];

export default function DashboardPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('dashboard.title'));
  const courses = useMyCourses();
  // The cards are built in a background (time-sliced) render, not in the query's own update.
  const shown = useDeferredValue(courses.data);
  return (
    <>
      <h1>{t('dashboard.title')}</h1>
      <section aria-labelledby="my-h">
        <h2 id="my-h">{t('dashboard.myCourses')}</h2>
        {!shown && !courses.isError && <Skeleton lines={4} className="skeleton-card" />}
        {courses.isError && <ErrorState error={courses.error} onRetry={() => void courses.refetch()} />}
        {shown && shown.length === 0 && (
          <EmptyState title={t('dashboard.empty')}>
            <Link className="btn btn-primary" to="/courses">
              {t('dashboard.browse')}
            </Link>
          </EmptyState>
        )}
        {shown && shown.length > 0 && (
          <ul className="grid plain-list">
            {shown.map((c) => (
              <li key={c.course_id}>
                <article className="card dash-card" aria-labelledby={`dash-${c.course_id}`}>
                  <h3 id={`dash-${c.course_id}`}>
                    <Link to={`/learn/${c.slug}`}>{c.title}</Link>
                  </h3>
                  <ProgressBar value={c.progress_percent} label={t('dashboard.progressOf', { title: c.title })} />
                  <p className="muted">
                    {t('dashboard.lessonsDone', { done: c.completed_lessons, total: c.total_lessons })} · {t('dashboard.lastActivity', { date: formatDate(c.last_activity_at) })}
                  </p>
                  {c.next_lesson ? (
                    <Link className="btn btn-primary" to={`/learn/${c.slug}/lessons/${c.next_lesson.lesson_id}`} aria-label={t('dashboard.continueTo', { lesson: c.next_lesson.title, course: c.title })}>
                      {t('dashboard.continue')}
                    </Link>
                  ) : (
                    <p className="badge">{t('dashboard.finished')}</p>
                  )}
                  {c.next_lesson && <p className="muted next-lesson">{t('dashboard.next', { lesson: c.next_lesson.title })}</p>}
                </article>
              </li>
            ))}
          </ul>
        )}
      </section>
      {/* After the courses, so their cards never push it around while loading. */}
      {(shown || courses.isError) && <Recommendations />}
    </>
  );
}

function Recommendations() {
  const { t } = useTranslation();
  const recs = useRecommendations();
  const shown = useDeferredValue(recs.data);
  const categories = useCategoryNames();
  // The score is 0.7·rating/5 + 0.3·preference (+0.15 for a weak-module tag), as the API
  // documents: what is left after the rating part is the learner's liking of the category.
  const reason = (c: Recommended, weak: string[]) => {
    const weakTags = c.tags.filter((tag) => weak.includes(tag));
    if (weakTags.length > 0) return t('dashboard.reasonWeak', { tags: weakTags.join(', ') });
    const preference = c.score - (0.7 * c.rating_avg) / 5;
    if (c.category_slug && preference > 0.001) {
      return t('dashboard.reasonCategory', { category: categories.data?.get(c.category_slug) ?? c.category_slug });
    }
    if (c.rating_count > 0) return t('dashboard.reasonRated', { rating: formatNumber(c.rating_avg) });
    return t('dashboard.reasonNew');
  };
  return (
    <section aria-labelledby="rec-h">
      <h2 id="rec-h">{t('dashboard.recommended')}</h2>
      {!shown && !recs.isError && <Skeleton lines={3} className="skeleton-card" />}
      {recs.isError && <ErrorState error={recs.error} onRetry={() => void recs.refetch()} />}
      {shown && shown.items.length === 0 && <EmptyState title={t('dashboard.noRecommendations')} />}
      {shown && shown.items.length > 0 && (
        <ul className="grid plain-list">
          {shown.items.map((c) => (
            <li key={c.course_id}>
              <article className="card">
                <h3>
                  <Link to={`/courses/${c.slug}`}>{c.title}</Link>
                </h3>
                <p className="muted">{c.teacher_name}</p>
                <p className="reason">
                  <strong>{t('dashboard.why')}</strong> {reason(c, shown.weak_module_tags)}
                </p>
              </article>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
