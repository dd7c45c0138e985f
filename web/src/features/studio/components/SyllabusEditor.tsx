import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, ErrorState, Field } from '../../../ui';
import { useSyllabus, type Course } from '../hooks';
import { SortableList } from './SortableList';
import { SortableRow } from './SortableRow';

type Module = Course['modules'][number];
type Syllabus = ReturnType<typeof useSyllabus>;

function ordered<T>(items: T[], idOf: (t: T) => number, order: number[] | null): T[] {
  if (!order) return items;
  const byId = new Map(items.map((i) => [idOf(i), i]));
  const out = order.map((id) => byId.get(id)).filter((x): x is T => x !== undefined);
  return out.length === items.length ? out : items;
}

/** Modules and lessons: add, rename, delete, move a lesson to another module, and reorder by drag and drop. */
export function SyllabusEditor({ course }: { course: Course }) {
  const { t } = useTranslation();
  const s = useSyllabus(course.slug);
  const [order, setOrder] = useState<number[] | null>(null);
  const modules = ordered(course.modules, (m) => m.module_id, order);
  const failed = [s.addModule, s.renameModule, s.deleteModule, s.reorderModules, s.addLesson, s.updateLesson, s.deleteLesson, s.reorderLessons].find(
    (m) => m.isError,
  );
  return (
    <section className="stack" aria-labelledby="syllabus-edit-h">
      <h2 id="syllabus-edit-h">{t('studio.syllabus.title')}</h2>
      <p className="muted">{t('studio.syllabus.help')}</p>
      {failed && <ErrorState error={failed.error} />}
      {modules.length === 0 ? (
        <p className="muted">{t('studio.syllabus.empty')}</p>
      ) : (
        <SortableList
          ids={modules.map((m) => m.module_id)}
          names={new Map(modules.map((m) => [m.module_id, m.title]))}
          label={t('studio.syllabus.modules')}
          className="plain-list module-list"
          onReorder={(ids) => {
            setOrder(ids);
            s.reorderModules.mutate(ids, { onSettled: () => setOrder(null) });
          }}
        >
          {modules.map((m, i) => (
            <SortableRow key={m.module_id} id={m.module_id} className="card module-item" handleLabel={t('studio.syllabus.moveModule', { title: m.title })}>
              <ModuleEditor course={course} module={m} index={i} s={s} />
            </SortableRow>
          ))}
        </SortableList>
      )}
      <AddForm
        label={t('studio.syllabus.newModule')}
        button={t('studio.syllabus.addModule')}
        busy={s.addModule.isPending}
        onAdd={(title) => s.addModule.mutateAsync({ title })}
      />
    </section>
  );
}

function ModuleEditor({ course, module: m, index, s }: { course: Course; module: Module; index: number; s: Syllabus }) {
  const { t } = useTranslation();
  const [order, setOrder] = useState<number[] | null>(null);
  const lessons = ordered(m.lessons, (l) => l.lesson_id, order);
  return (
    <div className="stack">
      <div className="module-head">
        <h3>
          <span className="muted">{t('studio.syllabus.moduleN', { n: index + 1 })}</span> {m.title}
        </h3>
        <div className="row">
          <Rename current={m.title} label={t('studio.syllabus.moduleTitle')} onSave={(title) => s.renameModule.mutateAsync({ id: m.module_id, title })} />
          <ConfirmDelete
            what={m.title}
            label={t('studio.syllabus.deleteModule', { title: m.title })}
            onDelete={() => s.deleteModule.mutateAsync(m.module_id)}
          />
        </div>
      </div>
      {lessons.length > 0 ? (
        <SortableList
          ids={lessons.map((l) => l.lesson_id)}
          names={new Map(lessons.map((l) => [l.lesson_id, l.title]))}
          label={t('studio.syllabus.lessonsOf', { title: m.title })}
          className="plain-list lesson-list"
          onReorder={(ids) => {
            setOrder(ids);
            s.reorderLessons.mutate({ moduleId: m.module_id, ids }, { onSettled: () => setOrder(null) });
          }}
        >
          {lessons.map((l) => (
            <SortableRow key={l.lesson_id} id={l.lesson_id} className="lesson-item" handleLabel={t('studio.syllabus.moveLesson', { title: l.title })}>
              <div className="lesson-row">
                <Link to={`/studio/courses/${course.slug}/lessons/${l.lesson_id}`}>{l.title}</Link>
                <div className="row">
                  <Rename current={l.title} label={t('studio.syllabus.lessonTitle')} onSave={(title) => s.updateLesson.mutateAsync({ id: l.lesson_id, title })} />
                  {course.modules.length > 1 && (
                    <MoveTo
                      label={t('studio.syllabus.moveTo', { title: l.title })}
                      modules={course.modules.filter((o) => o.module_id !== m.module_id)}
                      onMove={(module_id) => s.updateLesson.mutate({ id: l.lesson_id, module_id })}
                    />
                  )}
                  <ConfirmDelete
                    what={l.title}
                    label={t('studio.syllabus.deleteLesson', { title: l.title })}
                    onDelete={() => s.deleteLesson.mutateAsync(l.lesson_id)}
                  />
                </div>
              </div>
            </SortableRow>
          ))}
        </SortableList>
      ) : (
        <p className="muted">{t('studio.syllabus.noLessons')}</p>
      )}
      <AddForm
        label={t('studio.syllabus.newLesson', { title: m.title })}
        button={t('studio.syllabus.addLesson')}
        busy={s.addLesson.isPending}
        onAdd={(title) => s.addLesson.mutateAsync({ module_id: m.module_id, title })}
      />
    </div>
  );
}

function AddForm({ label, button, busy, onAdd }: { label: string; button: string; busy: boolean; onAdd: (title: string) => Promise<unknown> }) {
  const [title, setTitle] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) return;
    try {
      await onAdd(title.trim());
      setTitle('');
    } catch {
      /* shown by the editor's error line */
    }
  };
  return (
    <form className="add-form" onSubmit={(e) => void submit(e)}>
      <Field label={label} value={title} onChange={(e) => setTitle(e.target.value)} />
      <Button type="submit" variant="secondary" busy={busy} disabled={!title.trim()}>
        {button}
      </Button>
    </form>
  );
}

function Rename({ current, label, onSave }: { current: string; label: string; onSave: (title: string) => Promise<unknown> }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(current);
  if (!editing) {
    return (
      <Button
        variant="ghost"
        aria-label={`${t('studio.rename')}: ${current}`}
        onClick={() => {
          setTitle(current);
          setEditing(true);
        }}
      >
        {t('studio.rename')}
      </Button>
    );
  }
  return (
    <form
      className="rename-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!title.trim()) return;
        void onSave(title.trim()).then(
          () => setEditing(false),
          () => undefined,
        );
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setEditing(false);
      }}
    >
      <Field label={label} value={title} autoFocus onChange={(e) => setTitle(e.target.value)} />
      <Button type="submit" variant="secondary">
        {t('studio.save')}
      </Button>
      <Button variant="ghost" onClick={() => setEditing(false)}>
        {t('studio.cancel')}
      </Button>
    </form>
  );
}

function ConfirmDelete({ what, label, onDelete }: { what: string; label: string; onDelete: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <Button variant="ghost" aria-label={label} onClick={() => setAsking(true)}>
        {t('studio.delete')}
      </Button>
    );
  }
  return (
    <span className="row confirm" role="group" aria-label={label}>
      <span>{t('studio.confirmDelete', { what })}</span>
      <Button variant="danger" onClick={() => void onDelete().then(() => setAsking(false), () => setAsking(false))}>
        {t('studio.yesDelete')}
      </Button>
      <Button variant="ghost" onClick={() => setAsking(false)}>
        {t('studio.cancel')}
      </Button>
    </span>
  );
}

function MoveTo({ label, modules, onMove }: { label: string; modules: Module[]; onMove: (id: number) => void }) {
  const { t } = useTranslation();
  return (
    <select
      aria-label={label}
      value=""
      onChange={(e) => {
        const id = Number(e.target.value);
        if (id > 0) onMove(id);
      }}
    >
      <option value="">{t('studio.syllabus.moveToPlaceholder')}</option>
      {modules.map((o) => (
        <option key={o.module_id} value={o.module_id}>
          {o.title}
        </option>
      ))}
    </select>
  );
}
