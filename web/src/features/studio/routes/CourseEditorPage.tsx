import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, ErrorState, Skeleton, Tabs } from '../../../ui';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { CourseForm } from '../components/CourseForm';
import { CoverUpload } from '../components/CoverUpload';
import { RoleGate, TEACHING_ROLES } from '../components/RoleGate';
import { StatusPanel } from '../components/StatusPanel';
import { SyllabusEditor } from '../components/SyllabusEditor';
import { TranslationsEditor } from '../components/TranslationsEditor';
import { useDeleteCourse, useStudioCourse, useUpdateCourse, type Course } from '../hooks';
import '../studio.css';

const TABS = ['details', 'syllabus', 'translations'];

export default function CourseEditorPage() {
  return (
    <RoleGate roles={TEACHING_ROLES}>
      <Editor />
    </RoleGate>
  );
}

function Editor() {
  const { slug = '' } = useParams();
  const { t } = useTranslation();
  const course = useStudioCourse(slug);
  const [params, setParams] = useSearchParams();
  const tab = TABS.includes(params.get('tab') ?? '') ? (params.get('tab') as string) : 'details';
  useDocumentTitle(course.data ? t('studio.editing', { title: course.data.title }) : undefined);
  if (course.isPending) return <Skeleton lines={8} />;
  if (course.isError) return <ErrorState error={course.error} onRetry={() => void course.refetch()} />;
  const c = course.data;
  return (
    <>
      <p>
        <Link to="/studio">← {t('studio.title')}</Link>
      </p>
      <h1>{c.title}</h1>
      <StatusPanel course={c} />
      <Tabs
        label={t('studio.editorSections')}
        value={tab}
        onChange={(id) => setParams(id === 'details' ? {} : { tab: id }, { replace: true })}
        tabs={[
          { id: 'details', label: t('studio.tabs.details'), content: <Details course={c} /> },
          { id: 'syllabus', label: t('studio.tabs.syllabus'), content: <SyllabusEditor course={c} /> },
          { id: 'translations', label: t('studio.tabs.translations'), content: <TranslationsEditor course={c} /> },
        ]}
      />
    </>
  );
}

function Details({ course }: { course: Course }) {
  const { t } = useTranslation();
  const update = useUpdateCourse(course.slug);
  const del = useDeleteCourse();
  const navigate = useNavigate();
  return (
    <div className="stack">
      <h2>{t('studio.tabs.details')}</h2>
      <CourseForm
        initial={course}
        submitLabel={t('studio.save')}
        onSubmit={async (f) => {
          const c = await update.mutateAsync(f);
          if (c.slug !== course.slug) navigate(`/studio/courses/${c.slug}`, { replace: true });
        }}
      />
      <CoverUpload course={course} />
      {course.status === 'draft' && course.enrollment_count === 0 && (
        <section className="card stack" aria-labelledby="danger-h">
          <h2 id="danger-h">{t('studio.deleteCourse')}</h2>
          <p className="muted">{t('studio.deleteCourseHelp')}</p>
          {del.isError && <ErrorState error={del.error} />}
          <div>
            <Button
              variant="danger"
              busy={del.isPending}
              onClick={() => {
                if (window.confirm(t('studio.confirmDelete', { what: course.title }))) {
                  del.mutate(course.slug, { onSuccess: () => navigate('/studio') });
                }
              }}
            >
              {t('studio.deleteCourse')}
            </Button>
          </div>
        </section>
      )}
    </div>
  );
}
