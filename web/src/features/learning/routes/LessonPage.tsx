import { useDeferredValue } from 'react';
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
  // The lesson (Markdown parsed and rendered) and the syllabus are built in a background,
  // time-sliced render, not in their queries' own (blocking) updates. The previous lesson
  // is never shown for the next one's address.
  const deferredLesson = useDeferredValue(lesson.data);
  const lessonData = deferredLesson?.lesson_id === id ? deferredLesson : undefined;
  const progressData = useDeferredValue(progress.data);
  const complete = useCompleteLesson(id, slug);
  useDocumentTitle(lessonData?.title);
  const flat = progressData?.modules.flatMap((m) => m.lessons) ?? [];
  const at = flat.findIndex((l) => l.lesson_id === id);
  const prev = at > 0 ? flat[at - 1] : undefined;
  const next = at >= 0 ? flat[at + 1] : undefined;

  return (
    <div className="lesson-layout">
      <article className="lesson" aria-labelledby="lesson-h">
        {!lessonData && !lesson.isError && <Skeleton lines={10} />}
        {lesson.isError && <ErrorState error={lesson.error} onRetry={() => void lesson.refetch()} />}
        {lessonData && (
          <>
            <h1 id="lesson-h">{lessonData.title}</h1>
            <Blocks lessonId={lessonData.lesson_id} blocks={lessonData.content} />
            <div className="lesson-actions">
              {lessonData.completed ? (
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
                progressData && (
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
      {(lessonData || lesson.isError) && (
      <nav className="lesson-nav card" aria-labelledby="lesson-nav-h">
        <h2 id="lesson-nav-h">
          {progressData ? <Link to={`/learn/${slug}`}>{progressData.title}</Link> : t('learn.syllabus')}
        </h2>
        {!progressData && !progress.isError && <Skeleton lines={4} />}
        {progress.isError && <ErrorState error={progress.error} onRetry={() => void progress.refetch()} />}
        {progressData && (
          <>
            <ProgressBar value={progressData.overall_progress_percent} label={t('dashboard.progressOf', { title: progressData.title })} />
            <Syllabus progress={progressData} current={id} />
          </>
        )}
      </nav>
      )}
    </div>
  );
}
