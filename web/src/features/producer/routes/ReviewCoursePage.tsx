import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, ErrorState, Notice, Skeleton, TextAreaField } from '../../../ui';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { CoursePreview, PRODUCING_ROLES, RoleGate, StatusBadge, useSetStatus, useStudioCourse, type Course } from '../../studio';
import '../../studio/studio.css';

export default function ReviewCoursePage() {
  return (
    <RoleGate roles={PRODUCING_ROLES}>
      <Review />
    </RoleGate>
  );
}

function Review() {
  const { slug = '' } = useParams();
  const { t } = useTranslation();
  const course = useStudioCourse(slug);
  useDocumentTitle(course.data ? t('producer.review.titleOf', { title: course.data.title }) : undefined);
  if (course.isPending) return <Skeleton lines={8} />;
  if (course.isError) return <ErrorState error={course.error} onRetry={() => void course.refetch()} />;
  const c = course.data;
  return (
    <>
      <p>
        <Link to="/producer">← {t('producer.queue.title')}</Link>
      </p>
      <h1>{c.title}</h1>
      <p className="row">
        <StatusBadge status={c.status} />
        <span>{t('producer.queue.by', { name: c.teacher_name })}</span>
      </p>
      <Decision course={c} />
      <CoursePreview course={c} />
    </>
  );
}

/** Publish, send back to draft with a comment the teacher sees, or archive. */
function Decision({ course }: { course: Course }) {
  const { t } = useTranslation();
  const setStatus = useSetStatus(course.slug);
  const [comment, setComment] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const act = (status: string, body: { comment?: string } = {}) =>
    setStatus.mutate({ status, ...body }, { onSuccess: () => setDone(status) });
  const sendBack = (e: FormEvent) => {
    e.preventDefault();
    if (!comment.trim()) return;
    act('draft', { comment: comment.trim() });
    setComment('');
  };
  return (
    <section className="card stack" aria-labelledby="decision-h">
      <h2 id="decision-h">{t('producer.review.decision')}</h2>
      {done && <Notice kind="success">{t(`producer.review.done.${done}`)}</Notice>}
      {setStatus.isError && <ErrorState error={setStatus.error} />}
      {course.status === 'review' && (
        <>
          <div>
            <Button busy={setStatus.isPending} onClick={() => act('published')}>
              {t('producer.review.publish')}
            </Button>
          </div>
          <form className="stack" onSubmit={sendBack} noValidate>
            <TextAreaField
              label={t('producer.review.comment')}
              hint={t('producer.review.commentHint')}
              rows={3}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
            <div>
              <Button type="submit" variant="secondary" disabled={!comment.trim()} busy={setStatus.isPending}>
                {t('producer.review.sendBack')}
              </Button>
            </div>
          </form>
        </>
      )}
      {course.status === 'published' && (
        <div className="row">
          <Link className="btn btn-secondary" to={`/courses/${course.slug}`}>
            {t('studio.inCatalog')}
          </Link>
          <Button variant="danger" busy={setStatus.isPending} onClick={() => act('archived')}>
            {t('producer.review.archive')}
          </Button>
        </div>
      )}
      {(course.status === 'draft' || course.status === 'archived') && <p className="muted">{t(`producer.review.nothing.${course.status}`)}</p>}
    </section>
  );
}
