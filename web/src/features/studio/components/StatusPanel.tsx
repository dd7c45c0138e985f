import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, ErrorState, Notice } from '../../../ui';
import { useSetStatus, type Course } from '../hooks';
import { StatusBadge } from './StatusBadge';

/** Where the course stands in review, why it was sent back, and the teacher's next step. */
export function StatusPanel({ course }: { course: Course }) {
  const { t } = useTranslation();
  const setStatus = useSetStatus(course.slug);
  const lessons = course.modules.reduce((n, m) => n + m.lessons.length, 0);
  return (
    <section className="card stack status-panel" aria-labelledby="status-h">
      <h2 id="status-h" className="row">
        {t('studio.statusTitle')} <StatusBadge status={course.status} />
      </h2>
      {course.status === 'draft' && course.review_comment && (
        <div className="sent-back" role="note" aria-label={t('studio.sentBack')}>
          <strong>{t('studio.sentBack')}</strong>
          <p>{course.review_comment}</p>
        </div>
      )}
      <p className="muted">{t(`studio.statusHelp.${course.status}`, { defaultValue: '' })}</p>
      {setStatus.isError && <ErrorState error={setStatus.error} />}
      {setStatus.isSuccess && course.status === 'review' && <Notice kind="success">{t('studio.submitted')}</Notice>}
      <div className="row">
        {course.status === 'draft' && (
          <Button busy={setStatus.isPending} disabled={lessons === 0} onClick={() => setStatus.mutate({ status: 'review' })}>
            {t('studio.submit')}
          </Button>
        )}
        {course.status === 'draft' && lessons === 0 && <span className="muted">{t('studio.submitNeedsLessons')}</span>}
        <Link className="btn btn-secondary" to={`/studio/courses/${course.slug}/preview`}>
          {t('studio.preview')}
        </Link>
        {course.status === 'published' && (
          <Link className="btn btn-ghost" to={`/courses/${course.slug}`}>
            {t('studio.inCatalog')}
          </Link>
        )}
      </div>
    </section>
  );
}
