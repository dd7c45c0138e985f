import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, ErrorState, Notice, ProgressBar, Skeleton, errorMessage } from '../../../ui';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { Blocks } from '../components/Blocks';
import { Syllabus } from '../components/Syllabus';
import { useCompleteLesson, useCourseProgress, useLesson } from '../hooks';
import '../learning.css';

export default function LessonPage() {
  const { slug = '', lessonId = '' } = useParams();
  const id = Number(lessonId);
  const { t } = useTranslation();
  const lesson = useLesson(id);
  const progress = useCourseProgress(slug);
  const complete = useCompleteLesson(id, slug);
  useDocumentTitle(lesson.data?.title);
  const flat = progress.data?.modules.flatMap((m) => m.lessons) ?? [];
  const at = flat.findIndex((l) => l.lesson_id === id);
  const prev = at > 0 ? flat[at - 1] : undefined;
  const next = at >= 0 ? flat[at + 1] : undefined;

  return (
    <div className="lesson-layout">
      <article className="lesson" aria-labelledby="lesson-h">
        {lesson.isPending && <Skeleton lines={10} />}
        {lesson.isError && <ErrorState error={lesson.error} onRetry={() => void lesson.refetch()} />}
        {lesson.data && (
          <>
            <h1 id="lesson-h">{lesson.data.title}</h1>
            <Blocks lessonId={lesson.data.lesson_id} blocks={lesson.data.content} />
            <div className="lesson-actions">
              {lesson.data.completed ? (
                <p className="badge lesson-done" role="status">
                  ✓ {t('learn.completed')}
                </p>
              ) : (
                <Button busy={complete.isPending} onClick={() => complete.mutate()}>
                  {t('learn.markComplete')}
                </Button>
              )}
              {complete.isError && <Notice kind="error">{errorMessage(complete.error, t)}</Notice>}
            </div>
            <nav className="lesson-pager" aria-label={t('learn.pager')}>
              {prev ? (
                <Link className="btn btn-secondary" to={`/learn/${slug}/lessons/${prev.lesson_id}`} rel="prev">
                  ← {t('learn.prev')}: {prev.title}
                </Link>
              ) : (
                <span />
              )}
              {next ? (
                <Link className="btn btn-primary" to={`/learn/${slug}/lessons/${next.lesson_id}`} rel="next">
                  {t('learn.next')}: {next.title} →
                </Link>
              ) : (
                progress.data && (
                  <Link className="btn btn-secondary" to="/dashboard">
                    {t('learn.backToDashboard')}
                  </Link>
                )
              )}
            </nav>
          </>
        )}
      </article>
      {/* Shown once the lesson is there, so the lesson never pushes it down while loading. */}
      {!lesson.isPending && (
      <nav className="lesson-nav card" aria-labelledby="lesson-nav-h">
        <h2 id="lesson-nav-h">
          {progress.data ? <Link to={`/learn/${slug}`}>{progress.data.title}</Link> : t('learn.syllabus')}
        </h2>
        {progress.isPending && <Skeleton lines={4} />}
        {progress.isError && <ErrorState error={progress.error} onRetry={() => void progress.refetch()} />}
        {progress.data && (
          <>
            <ProgressBar value={progress.data.overall_progress_percent} label={t('dashboard.progressOf', { title: progress.data.title })} />
            <Syllabus progress={progress.data} current={id} />
          </>
        )}
      </nav>
      )}
    </div>
  );
}
