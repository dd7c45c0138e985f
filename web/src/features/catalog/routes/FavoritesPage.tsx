import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, Pagination, Skeleton } from '../../../ui';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { CourseCard } from '../components/CourseCard';
import { useFavorites } from '../hooks';
import '../catalog.css';

/** The courses the learner bookmarked with "Add to favorites" on a course page. */
export default function FavoritesPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('favorites.title'));
  const [page, setPage] = useState(1);
  const list = useFavorites(page);
  return (
    <>
      <h1>{t('favorites.title')}</h1>
      {list.isPending && <Skeleton lines={4} className="skeleton-card" />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && list.data.items.length === 0 && (
        <EmptyState title={t('favorites.empty')}>
          <Link className="btn btn-primary" to="/courses">
            {t('dashboard.browse')}
          </Link>
        </EmptyState>
      )}
      {list.data && list.data.items.length > 0 && (
        <ul className="grid plain-list">
          {list.data.items.map((c) => (
            <li key={c.course_id}>
              <CourseCard course={c} />
            </li>
          ))}
        </ul>
      )}
      {list.data && <Pagination page={page} pageSize={12} total={list.data.total} onPage={setPage} />}
    </>
  );
}
