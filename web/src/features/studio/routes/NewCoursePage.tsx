import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { CourseForm } from '../components/CourseForm';
import { RoleGate, TEACHING_ROLES } from '../components/RoleGate';
import { useCreateCourse } from '../hooks';
import '../studio.css';

export default function NewCoursePage() {
  const { t } = useTranslation();
  const create = useCreateCourse();
  const navigate = useNavigate();
  useDocumentTitle(t('studio.create'));
  return (
    <RoleGate roles={TEACHING_ROLES}>
      <p>
        <Link to="/studio">← {t('studio.title')}</Link>
      </p>
      <h1>{t('studio.create')}</h1>
      <CourseForm
        submitLabel={t('studio.createSubmit')}
        onSubmit={async (f) => {
          const c = await create.mutateAsync({ ...f, category_slug: f.category_slug || null });
          navigate(`/studio/courses/${c.slug}?tab=syllabus`);
        }}
      />
    </RoleGate>
  );
}
