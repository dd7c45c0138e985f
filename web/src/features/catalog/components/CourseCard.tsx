import { memo } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { components } from '../../../api/schema';
import { formatNumber, formatPrice } from '../../../lib/format';

type Course = components['schemas']['CourseSummaryResponse'];

/** Cover art without external images (CSP img-src 'self'): a tinted block with initials. */
export function Cover({ title, slug }: { title: string; slug: string }) {
  let h = 0;
  for (const c of slug) h = (h * 31 + c.charCodeAt(0)) % 6;
  const initials = title
    .split(/\s+/)
    .filter((w) => /^[\p{L}\p{N}]/u.test(w))
    .slice(0, 2)
    .map((w) => w[0])
    .join('')
    .toUpperCase();
  return (
    <div className={`cover cover-${h}`} aria-hidden="true">
      {initials}
    </div>
  );
}

export function Rating({ avg, count }: { avg: number; count: number }) {
  const { t } = useTranslation();
  if (count === 0) return <span className="muted">{t('catalog.noRatings')}</span>;
  return (
    <span className="rating">
      <span aria-hidden="true">★ </span>
      {t('catalog.rating', { rating: formatNumber(avg), count })}
    </span>
  );
}

/** Memoised: a list that re-renders (a query settling, a filter typed) keeps its cards. */
export const CourseCard = memo(function CourseCard({ course, extra }: { course: Course; extra?: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <article className="card course-card">
      <Cover title={course.title} slug={course.slug} />
      <h3>
        <Link to={`/courses/${course.slug}`}>{course.title}</Link>
      </h3>
      <p className="muted course-teacher">{course.teacher_name}</p>
      <p className="course-desc">{course.description}</p>
      <div className="row course-meta">
        <Rating avg={course.rating_avg} count={course.rating_count} />
        <strong className="price">{formatPrice(course.price, course.currency, course.is_free, t('catalog.free'))}</strong>
      </div>
      {extra}
    </article>
  );
});
