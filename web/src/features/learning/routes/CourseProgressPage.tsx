import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorState, ProgressBar, Skeleton } from '../../../ui';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { Syllabus } from '../components/Syllabus';
import { useCourseProgress } from '../hooks';
import '../learning.css';

export default function CourseProgressPage() {
  const { slug = '' } = useParams();
  const { t } = useTranslation();
  const progress = useCourseProgress(slug);
  useDocumentTitle(progress.data?.title);
  if (progress.isPending) return <Skeleton lines={8} />;
  if (progress.isError) return <ErrorState error={progress.error} onRetry={() => void progress.refetch()} />;
  const p = progress.data;
  const next = p.modules.flatMap((m) => m.lessons).find((l) => l.status === 'next');
  return (
    <>
      <h1>{p.title}</h1>
      <ProgressBar value={p.overall_progress_percent} label={t('dashboard.progressOf', { title: p.title })} />
      <p className="muted">{t('dashboard.lessonsDone', { done: p.completed_lessons, total: p.total_lessons })}</p>
      <p className="row">
        {next && (
          <Link className="btn btn-primary" to={`/learn/${p.slug}/lessons/${next.lesson_id}`}>
            {p.completed_lessons === 0 ? t('learn.start') : t('dashboard.continue')}
          </Link>
        )}
        <Link to={`/courses/${p.slug}`}>{t('learn.coursePage')}</Link>
      </p>
      <section aria-labelledby="syl-h">
        <h2 id="syl-h">{t('learn.syllabus')}</h2>
        <Syllabus progress={p} />
      </section>
    </>
  );
}
