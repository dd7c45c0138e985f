import { useEffect } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorState, Notice, Skeleton } from '../../../ui';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { CoursePreview } from '../components/CoursePreview';
import { RoleGate, TEACHING_ROLES } from '../components/RoleGate';
import { useStudioCourse } from '../hooks';
import '../studio.css';

export default function PreviewPage() {
  const { slug = '' } = useParams();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const course = useStudioCourse(slug);
  const focus = Number(params.get('lesson') ?? '') || undefined;
  useDocumentTitle(course.data ? t('studio.previewOf', { title: course.data.title }) : undefined);
  useEffect(() => {
    if (focus && course.data) document.getElementById(`lesson-${focus}`)?.scrollIntoView();
  }, [focus, course.data]);
  return (
    <RoleGate roles={TEACHING_ROLES}>
      <p>
        <Link to={`/studio/courses/${slug}`}>← {t('studio.backToEditor')}</Link>
      </p>
      <h1>{t('studio.previewTitle')}</h1>
      <Notice>{t('studio.previewNote')}</Notice>
      {course.isPending ? (
        <Skeleton lines={8} />
      ) : course.isError ? (
        <ErrorState error={course.error} onRetry={() => void course.refetch()} />
      ) : (
        <CoursePreview course={course.data} focusLesson={focus} />
      )}
    </RoleGate>
  );
}
