import type { UseQueryResult } from '@tanstack/react-query';
import { useDeferredValue, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from '../../../api/schema';
import { ErrorState, Skeleton } from '../../../ui';
import { usePopular, useTrending } from '../hooks';
import { CourseCard } from './CourseCard';

type Course = components['schemas']['CourseSummaryResponse'];

/** The most enrolled courses. Its own query, so its answer re-renders this strip alone. */
export function PopularStrip() {
  const { t } = useTranslation();
  const popular = usePopular();
  return <CourseStrip title={t('catalog.popular')} query={popular} items={popular.data} />;
}

/** The courses gaining learners lately. */
export function TrendingStrip() {
  const { t } = useTranslation();
  const trending = useTrending();
  return <CourseStrip title={t('catalog.trending')} query={trending} items={trending.data?.items} />;
}

/** A horizontal row of courses (popular, trending); hidden when there is nothing to show. */
function CourseStrip({ title, query, items }: { title: string; query: UseQueryResult<unknown>; items: Course[] | undefined }) {
  const id = useId();
  // The cards are built in a background (time-sliced) render, not in the query's own update.
  const shown = useDeferredValue(items);
  if (query.isSuccess && (!items || items.length === 0)) return null;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {(query.isPending || (items && !shown)) && <Skeleton lines={2} className="skeleton-strip" />}
      {query.isError && <ErrorState error={query.error} onRetry={() => void query.refetch()} />}
      {shown && (
        <ul className="strip">
          {shown.map((c) => (
            <li key={c.course_id}>
              <CourseCard course={c} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
