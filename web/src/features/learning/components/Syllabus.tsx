import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { components } from '../../../api/schema';

type Progress = components['schemas']['CourseProgressResponse'];

const ICON: Record<string, string> = { completed: '✓', next: '→', not_started: '○' };

/** Modules and lessons with each lesson's status, linking into the player. */
export function Syllabus({ progress, current }: { progress: Progress; current?: number }) {
  const { t } = useTranslation();
  return (
    <ol className="syllabus-progress">
      {progress.modules.map((m) => (
        <li key={m.module_id}>
          <h3>
            {m.title} <span className="muted">({m.progress_percent} %)</span>
          </h3>
          <ol>
            {m.lessons.map((l) => (
              <li key={l.lesson_id} className={`lesson-${l.status}`}>
                <span aria-hidden="true" className="lesson-icon">
                  {ICON[l.status] ?? '○'}
                </span>
                <Link to={`/learn/${progress.slug}/lessons/${l.lesson_id}`} aria-current={current === l.lesson_id ? 'page' : undefined}>
                  {l.title}
                </Link>
                <span className="visually-hidden"> — {t(`lessonStatus.${l.status}`, { defaultValue: l.status })}</span>
              </li>
            ))}
          </ol>
        </li>
      ))}
    </ol>
  );
}
