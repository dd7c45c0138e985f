import { useDeferredValue, useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, EmptyState, ErrorState, Field, Pagination, SelectField, Skeleton } from '../../../ui';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { CourseCard } from '../components/CourseCard';
import { Filters } from '../components/Filters';
import { PopularStrip, TrendingStrip } from '../components/CourseStrip';
import { hasFilters, PAGE_SIZE, parseFilters, SORTS, toSearchParams, withFilter, type CatalogFilters } from '../filters';
import { useCourses } from '../hooks';
import '../catalog.css';

export default function CatalogPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('catalog.title'));
  const [params, setParams] = useSearchParams();
  const filters = parseFilters(params);
  const update = (patch: Partial<CatalogFilters>) => setParams(toSearchParams(withFilter(filters, patch)));
  const [search, setSearch] = useState(filters.search);
  useEffect(() => setSearch(filters.search), [filters.search]);
  const submitSearch = (e: FormEvent) => {
    e.preventDefault();
    update({ search: search.trim() });
  };
  const showStrips = !hasFilters(filters) && filters.page === 1;

  return (
    <>
      <h1>{t('catalog.title')}</h1>
      <form className="search-form" role="search" onSubmit={submitSearch}>
        <Field label={t('catalog.search')} name="q" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        <Button type="submit">{t('catalog.searchButton')}</Button>
      </form>
      {showStrips && (
        <>
          <PopularStrip />
          <TrendingStrip />
        </>
      )}
      <div className="catalog">
        <Filters filters={filters} onChange={update} />
        <Results filters={filters} onChange={update} onClear={() => setParams(new URLSearchParams())} />
      </div>
    </>
  );
}

/**
 * The result list. Each query lives in the component that shows it (this list, each strip,
 * each filter), so one answer arriving re-renders its own part of the page, not all of it.
 */
function Results({ filters, onChange, onClear }: { filters: CatalogFilters; onChange: (patch: Partial<CatalogFilters>) => void; onClear: () => void }) {
  const { t } = useTranslation();
  const courses = useCourses(filters);
  // The cards are built in a background (time-sliced) render, not in the query's own update.
  const shown = useDeferredValue(courses.data);
  return (
    <section aria-labelledby="results-h">
      <div className="results-head">
        <h2 id="results-h" aria-live="polite">
          {courses.data ? t('catalog.results', { count: courses.data.total }) : t('catalog.resultsTitle')}
        </h2>
        <SelectField
          label={t('catalog.sort')}
          name="sort"
          value={filters.sort}
          onChange={(v) => onChange({ sort: v as CatalogFilters['sort'] })}
          options={SORTS.map((s) => ({ value: s, label: t(`catalog.sorts.${s}`) }))}
        />
      </div>
      {!shown && !courses.isError && <Skeleton lines={6} className="skeleton-grid" />}
      {courses.isError && <ErrorState error={courses.error} onRetry={() => void courses.refetch()} />}
      {shown && shown.items.length === 0 && (
        <EmptyState title={t('catalog.empty')}>
          {hasFilters(filters) && (
            <Button variant="secondary" onClick={onClear}>
              {t('catalog.clearFilters')}
            </Button>
          )}
        </EmptyState>
      )}
      {shown && shown.items.length > 0 && (
        <ul className="grid plain-list" aria-busy={courses.isFetching || undefined}>
          {shown.items.map((c) => (
            <li key={c.course_id}>
              <CourseCard course={c} />
            </li>
          ))}
        </ul>
      )}
      {shown && <Pagination page={filters.page} pageSize={PAGE_SIZE} total={shown.total} onPage={(page) => onChange({ page })} />}
    </section>
  );
}
