import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, ErrorState, Field, Notice, Skeleton, useFormErrors } from '../../../ui';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { BLOCK_TYPES, emptyBlock, fromContent, move, toContent, validateBlocks, type EditBlock } from '../blocks';
import { BlockEditor } from '../components/BlockEditor';
import { RoleGate, TEACHING_ROLES } from '../components/RoleGate';
import { useSaveLesson, useStudioLesson, type Lesson } from '../hooks';
import '../studio.css';

export default function LessonEditorPage() {
  const { slug = '', lessonId = '' } = useParams();
  const id = Number(lessonId);
  const lesson = useStudioLesson(id);
  const { t } = useTranslation();
  return (
    <RoleGate roles={TEACHING_ROLES}>
      <p>
        <Link to={`/studio/courses/${slug}?tab=syllabus`}>← {t('studio.backToSyllabus')}</Link>
      </p>
      {lesson.isPending ? (
        <Skeleton lines={8} />
      ) : lesson.isError ? (
        <ErrorState error={lesson.error} onRetry={() => void lesson.refetch()} />
      ) : (
        <LessonForm key={lesson.data.lesson_id} slug={slug} lesson={lesson.data} />
      )}
    </RoleGate>
  );
}

function LessonForm({ slug, lesson }: { slug: string; lesson: Lesson }) {
  const { t } = useTranslation();
  const save = useSaveLesson(lesson.lesson_id, slug);
  const errors = useFormErrors();
  const [title, setTitle] = useState(lesson.title);
  const [blocks, setBlocks] = useState<EditBlock[]>(() => fromContent(lesson.content));
  const [checked, setChecked] = useState(false);
  const [saved, setSaved] = useState(false);
  useDocumentTitle(t('studio.editing', { title: lesson.title }));
  const problems = checked ? validateBlocks(blocks) : [];
  const change = (next: EditBlock[]) => {
    setBlocks(next);
    setSaved(false);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    errors.clear();
    setSaved(false);
    if (!title.trim() || validateBlocks(blocks).length > 0) return;
    try {
      await save.mutateAsync({ title: title.trim(), content: toContent(blocks) });
      setSaved(true);
    } catch (err) {
      errors.fail(err);
    }
  };
  const count = checked ? validateBlocks(blocks).length : 0;
  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
      <h1>{t('studio.editing', { title: lesson.title })}</h1>
      <Field
        label={t('studio.lessonTitle')}
        value={title}
        onChange={(e) => {
          setTitle(e.target.value);
          setSaved(false);
        }}
        error={(checked && !title.trim() ? t('studio.problems.title') : undefined) ?? errors.fields.title}
      />
      {blocks.length === 0 && <p className="muted">{t('studio.blocks.none')}</p>}
      {blocks.map((b, i) => (
        <BlockEditor
          key={b.key}
          block={b}
          index={i}
          count={blocks.length}
          problems={problems.filter((p) => p.index === i).map((p) => p.message)}
          onChange={(nb) => change(blocks.map((x, j) => (j === i ? nb : x)))}
          onMove={(to) => change(move(blocks, i, to))}
          onRemove={() => change(blocks.filter((_, j) => j !== i))}
        />
      ))}
      <div className="row add-blocks" role="group" aria-label={t('studio.blocks.add')}>
        <span>{t('studio.blocks.add')}:</span>
        {BLOCK_TYPES.map((type) => (
          <Button key={type} variant="secondary" onClick={() => change([...blocks, emptyBlock(type)])}>
            + {t(`studio.blocks.${type}`)}
          </Button>
        ))}
      </div>
      {count > 0 && <Notice kind="error">{t('studio.problems.count', { count })}</Notice>}
      {errors.form != null && <ErrorState error={errors.form} />}
      {errors.fields.content && <Notice kind="error">{errors.fields.content}</Notice>}
      {saved && <Notice kind="success">{t('studio.lessonSaved')}</Notice>}
      <div className="row">
        <Button type="submit" busy={save.isPending}>
          {t('studio.saveLesson')}
        </Button>
        <Link className="btn btn-ghost" to={`/studio/courses/${slug}/preview?lesson=${lesson.lesson_id}`}>
          {t('studio.preview')}
        </Link>
      </div>
    </form>
  );
}
