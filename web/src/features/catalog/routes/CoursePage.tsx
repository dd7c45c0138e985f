import { useDeferredValue } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../api/context';
import { Button, ErrorState, Notice, Skeleton, errorMessage } from '../../../ui';
import { formatPrice } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { CourseReviews } from '../../community';
import { Cover, Rating } from '../components/CourseCard';
import { useCourse, useEnroll, useFavorite, useMyCourseSlugs, useToggleFavorite } from '../hooks';
import '../catalog.css';

export default function CoursePage() {
  const { slug = '' } = useParams();
  const { t } = useTranslation();
  const course = useCourse(slug);
  // The page is built in a background (time-sliced) render, not in the query's own update;
  // another course's page is never shown for this address.
  const deferred = useDeferredValue(course.data);
  const c = deferred?.slug === slug ? deferred : undefined;
  useDocumentTitle(c?.title);
  if (course.isError) return <ErrorState error={course.error} onRetry={() => void course.refetch()} />;
  if (!c) return <Skeleton lines={8} />;
  const lessons = c.modules.reduce((n, m) => n + m.lessons.length, 0);
  return (
    <article>
      <div className="course-hero">
        <div>
          <Cover title={c.title} slug={c.slug} />
          <h1>{c.title}</h1>
          <p>{c.description}</p>
          <p className="row">
            <span>
              {c.teacher_slug ? (
                <>
                  {t('course.teacherLabel')}{' '}
                  <Link to={`/u/${encodeURIComponent(c.teacher_slug)}`}>{c.teacher_name}</Link>
                </>
              ) : (
                t('course.teacher', { name: c.teacher_name })
              )}
            </span>
            <Rating avg={c.rating_avg} count={c.rating_count} />
            <span className="badge">{t(`course.difficulty.${c.difficulty}`, { defaultValue: c.difficulty })}</span>
            <span className="muted">{t('course.learners', { count: c.enrollment_count })}</span>
          </p>
          {c.tags.length > 0 && (
            <ul className="row plain-list" aria-label={t('catalog.tags')}>
              {c.tags.map((tag) => (
                <li key={tag}>
                  <Link className="badge" to={`/courses?tag=${encodeURIComponent(tag)}`}>
                    #{tag}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
        <EnrollBox slug={c.slug} price={formatPrice(c.price, c.currency, c.is_free, t('catalog.free'))} />
      </div>
      <section aria-labelledby="syllabus-h">
        <h2 id="syllabus-h">{t('course.syllabus', { count: lessons })}</h2>
        {c.modules.length === 0 ? (
          <p className="muted">{t('course.noLessons')}</p>
        ) : (
          <ol className="syllabus">
            {c.modules.map((m) => (
              <li key={m.module_id} className="card">
                <h3>{m.title}</h3>
                <ol>
                  {m.lessons.map((l) => (
                    <li key={l.lesson_id}>{l.title}</li>
                  ))}
                </ol>
              </li>
            ))}
          </ol>
        )}
      </section>
      <CourseReviews slug={c.slug} />
    </article>
  );
}

function EnrollBox({ slug, price }: { slug: string; price: string }) {
  const { t } = useTranslation();
  const { status } = useSession();
  const location = useLocation();
  const mine = useMyCourseSlugs(status === 'authenticated');
  const enroll = useEnroll(slug);
  const favoriteState = useFavorite(slug, status === 'authenticated');
  const favorite = useToggleFavorite(slug);
  const favorited = favoriteState.data?.favorited;
  const enrolled = enroll.isSuccess || (mine.data?.some((m) => m.slug === slug) ?? false);
  return (
    <aside className="card course-aside stack" aria-label={t('course.enrollBox')}>
      <p className="price">
        <strong>{price}</strong>
      </p>
      {status === 'anonymous' && (
        <Link className="btn btn-primary" to={`/login?next=${encodeURIComponent(location.pathname)}`}>
          {t('course.loginToEnroll')}
        </Link>
      )}
      {status === 'authenticated' && mine.isPending && <Skeleton lines={1} />}
      {status === 'authenticated' && !mine.isPending && (enrolled ? (
        <>
          {enroll.isSuccess && <Notice kind="success">{t('course.enrolled')}</Notice>}
          <Link className="btn btn-primary" to={`/learn/${slug}`}>
            {t('course.goToCourse')}
          </Link>
        </>
      ) : (
        <Button busy={enroll.isPending} onClick={() => enroll.mutate()}>
          {t('course.enroll')}
        </Button>
      ))}
      {enroll.isError && <Notice kind="error">{errorMessage(enroll.error, t)}</Notice>}
      {status === 'authenticated' && favoriteState.isSuccess && (
        <Button variant="secondary" aria-pressed={favorited} busy={favorite.isPending} onClick={() => favorite.mutate()}>
          {favorited ? `★ ${t('course.inFavorites')}` : `☆ ${t('course.favorite')}`}
        </Button>
      )}
      {favoriteState.isError && <Notice kind="error">{errorMessage(favoriteState.error, t)}</Notice>}
      <p role="status" className="muted">
        {favorite.isSuccess ? (favorited ? t('course.favorited') : t('course.unfavorited')) : ''}
      </p>
      {favorite.isError && <Notice kind="error">{errorMessage(favorite.error, t)}</Notice>}
    </aside>
  );
}
