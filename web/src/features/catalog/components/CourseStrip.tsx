import type { UseQueryResult } from '@tanstack/react-query';
import { useId } from 'react';
import type { components } from '../../../api/schema';
import { ErrorState, Skeleton } from '../../../ui';
import { CourseCard } from './CourseCard';

type Course = components['schemas']['CourseSummaryResponse'];

/** A horizontal row of courses (popular, trending); hidden when there is nothing to show. */
export function CourseStrip({ title, query, items }: { title: string; query: UseQueryResult<unknown>; items: Course[] | undefined }) {
  const id = useId();
  if (query.isSuccess && (!items || items.length === 0)) return null;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {query.isPending && <Skeleton lines={2} className="skeleton-strip" />}
      {query.isError && <ErrorState error={query.error} onRetry={() => void query.refetch()} />}
      {items && (
        <ul className="strip">
          {items.map((c) => (
            <li key={c.course_id}>
              <CourseCard course={c} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
