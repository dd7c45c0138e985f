import { useTranslation } from 'react-i18next';
import { ErrorState, Skeleton } from '../../../ui';
import { formatPrice } from '../../../lib/format';
import { Blocks } from '../../learning/components/Blocks';
import { useLessonsIn, type Course } from '../hooks';

/** The course as a learner will read it: the catalog page's texts, then every lesson in order. */
export function CoursePreview({ course, focusLesson }: { course: Course; focusLesson?: number }) {
  const { t } = useTranslation();
  const ids = course.modules.flatMap((m) => m.lessons.map((l) => l.lesson_id));
  const lessons = useLessonsIn(ids, 'zz');
  const byId = new Map(lessons.flatMap((q) => (q.data ? [[q.data.lesson.lesson_id, q.data.lesson] as const] : [])));
  return (
    <article className="preview stack" aria-label={t('studio.previewOf', { title: course.title })}>
      <header className="card stack">
        {course.cover_image_url && <img className="cover-preview" src={course.cover_image_url} alt="" width={320} height={180} />}
        <h2>{course.title}</h2>
        <p>{course.description}</p>
        <p className="row">
          <span className="badge">{t(`course.difficulty.${course.difficulty}`, { defaultValue: course.difficulty })}</span>
          <span>{formatPrice(course.price, course.currency, course.is_free, t('catalog.free'))}</span>
        </p>
        {course.requirements.length > 0 && (
          <>
            <h3>{t('studio.fields.requirements')}</h3>
            <ul>
              {course.requirements.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          </>
        )}
        {course.what_you_will_learn.length > 0 && (
          <>
            <h3>{t('studio.fields.whatYouWillLearn')}</h3>
            <ul>
              {course.what_you_will_learn.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          </>
        )}
      </header>
      {course.modules.length === 0 && <p className="muted">{t('studio.syllabus.empty')}</p>}
      {course.modules.map((m, mi) => (
        <section key={m.module_id} className="stack" aria-labelledby={`pm-${m.module_id}`}>
          <h2 id={`pm-${m.module_id}`}>
            {mi + 1}. {m.title}
          </h2>
          {m.description && <p>{m.description}</p>}
          {m.lessons.map((l) => {
            const q = lessons[ids.indexOf(l.lesson_id)];
            const full = byId.get(l.lesson_id);
            return (
              <section
                key={l.lesson_id}
                id={`lesson-${l.lesson_id}`}
                className={`card stack${focusLesson === l.lesson_id ? ' preview-focus' : ''}`}
                aria-labelledby={`pl-${l.lesson_id}`}
              >
                <h3 id={`pl-${l.lesson_id}`}>{l.title}</h3>
                {q?.isError ? (
                  <ErrorState error={q.error} onRetry={() => void q.refetch()} />
                ) : !full ? (
                  <Skeleton lines={3} />
                ) : full.content.length === 0 ? (
                  <p className="muted">{t('studio.blocks.none')}</p>
                ) : (
                  <Blocks lessonId={l.lesson_id} blocks={full.content} />
                )}
              </section>
            );
          })}
        </section>
      ))}
    </article>
  );
}
