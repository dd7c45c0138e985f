import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ErrorState, Notice, Skeleton, useFormErrors } from '../../../ui';
import { fromContent, lines, toContent, type EditBlock } from '../blocks';
import { useCourseIn, useLessonsIn, useSaveTranslation, type Course, type Lesson } from '../hooks';
import { COURSE_LANGUAGES } from './CourseForm';

/** Translations per language, each text next to its original. */
export function TranslationsEditor({ course }: { course: Course }) {
  const { t } = useTranslation();
  const targets = COURSE_LANGUAGES.filter((l) => l !== course.language);
  const [lang, setLang] = useState(targets[0] ?? '');
  const ids = course.modules.flatMap((m) => m.lessons.map((l) => l.lesson_id));
  const inLang = useCourseIn(course.slug, lang);
  const originals = useLessonsIn(ids, 'zz');
  const translated = useLessonsIn(ids, lang);
  if (!lang) return <p className="muted">{t('studio.tr.noTargets')}</p>;
  const pending = inLang.isPending || originals.some((q) => q.isPending) || translated.some((q) => q.isPending);
  const error = inLang.error ?? originals.find((q) => q.error)?.error ?? translated.find((q) => q.error)?.error;
  return (
    <section className="stack" aria-labelledby="tr-h">
      <h2 id="tr-h">{t('studio.tr.title')}</h2>
      <div className="row" role="group" aria-label={t('studio.tr.language')}>
        {targets.map((l) => (
          <button key={l} type="button" className="btn btn-ghost chip" aria-pressed={l === lang} onClick={() => setLang(l)}>
            {t(`languages.${l}`)}
          </button>
        ))}
      </div>
      {pending ? (
        <Skeleton lines={6} />
      ) : error ? (
        <ErrorState error={error} onRetry={() => void inLang.refetch()} />
      ) : (
        <TranslationForm
          key={lang}
          course={course}
          lang={lang}
          existing={inLang.data?.translated ? inLang.data.course : null}
          originals={originals.map((q) => q.data?.lesson).filter((l): l is Lesson => !!l)}
          translatedLessons={new Map(translated.flatMap((q) => (q.data?.translated ? [[q.data.lesson.lesson_id, q.data.lesson] as const] : [])))}
        />
      )}
    </section>
  );
}

type Texts = Record<string, string>;

/** Keys of the translatable texts of one lesson's blocks. */
function blockTexts(lessonId: number, blocks: EditBlock[], into: Texts) {
  blocks.forEach((b, i) => {
    const k = `l${lessonId}.b${i}`;
    if (b.type === 'markdown') into[`${k}.md`] = b.markdown;
    if (b.type === 'video') into[`${k}.title`] = b.title;
    if (b.type === 'quiz') {
      into[`${k}.q`] = b.question;
      b.options.forEach((o) => {
        into[`${k}.o.${o.id}`] = o.text;
      });
    }
  });
}

function TranslationForm({
  course,
  lang,
  existing,
  originals,
  translatedLessons,
}: {
  course: Course;
  lang: string;
  existing: Course | null;
  originals: Lesson[];
  translatedLessons: Map<number, Lesson>;
}) {
  const { t } = useTranslation();
  const save = useSaveTranslation(course.slug, lang);
  const errors = useFormErrors();
  const originalBlocks = new Map(originals.map((l) => [l.lesson_id, fromContent(l.content)]));
  const [texts, setTexts] = useState<Texts>(() => {
    const init: Texts = {
      title: existing?.title ?? '',
      description: existing?.description ?? '',
      requirements: existing?.requirements.join('\n') ?? '',
      wyl: existing?.what_you_will_learn.join('\n') ?? '',
    };
    for (const m of course.modules) {
      init[`m${m.module_id}`] = existing?.modules.find((x) => x.module_id === m.module_id)?.title ?? '';
      for (const l of m.lessons) {
        const tl = translatedLessons.get(l.lesson_id);
        init[`l${l.lesson_id}`] = tl?.title ?? '';
        const blocks = tl ? fromContent(tl.content) : (originalBlocks.get(l.lesson_id) ?? []).map((b) => b);
        const tmp: Texts = {};
        blockTexts(l.lesson_id, blocks, tmp);
        // Not translated yet: the fields start empty (the original stays beside them).
        for (const [k, v] of Object.entries(tmp)) init[k] = tl ? v : '';
      }
    }
    return init;
  });
  const [saved, setSaved] = useState(false);
  const set = (k: string) => (v: string) => {
    setTexts((old) => ({ ...old, [k]: v }));
    setSaved(false);
  };
  const lessonContent = (lessonId: number) => {
    const blocks = originalBlocks.get(lessonId) ?? [];
    const out = blocks.map((b, i): EditBlock => {
      const k = `l${lessonId}.b${i}`;
      const v = (key: string, fallback: string) => texts[`${k}.${key}`]?.trim() || fallback;
      if (b.type === 'markdown') return { ...b, markdown: v('md', b.markdown) };
      if (b.type === 'video') return { ...b, title: v('title', b.title) };
      if (b.type === 'quiz') return { ...b, question: v('q', b.question), options: b.options.map((o) => ({ ...o, text: v(`o.${o.id}`, o.text) })) };
      return b;
    });
    return toContent(out);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    setSaved(false);
    try {
      await save.mutateAsync({
        title: texts.title?.trim() ?? '',
        description: texts.description ?? '',
        requirements: lines(texts.requirements ?? ''),
        what_you_will_learn: lines(texts.wyl ?? ''),
        modules: course.modules.filter((m) => texts[`m${m.module_id}`]?.trim()).map((m) => ({ module_id: m.module_id, title: texts[`m${m.module_id}`]?.trim() ?? '' })),
        lessons: course.modules.flatMap((m) =>
          m.lessons
            .filter((l) => texts[`l${l.lesson_id}`]?.trim())
            .map((l) => ({ lesson_id: l.lesson_id, title: texts[`l${l.lesson_id}`]?.trim() ?? '', content: lessonContent(l.lesson_id) })),
        ),
      });
      setSaved(true);
    } catch (err) {
      errors.fail(err);
    }
  };
  const langName = t(`languages.${lang}`);
  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
      <div className="tr-head" aria-hidden="true">
        <span>{t('studio.tr.original', { lang: t(`languages.${course.language}`, { defaultValue: course.language }) })}</span>
        <span>{langName}</span>
      </div>
      <Pair id="tr-title" original={course.title} label={t('studio.tr.field', { field: t('studio.fields.title'), lang: langName })} value={texts.title ?? ''} onChange={set('title')} error={errors.fields.title} />
      <Pair id="tr-desc" multiline original={course.description} label={t('studio.tr.field', { field: t('studio.fields.description'), lang: langName })} value={texts.description ?? ''} onChange={set('description')} error={errors.fields.description} />
      <Pair id="tr-req" multiline original={course.requirements.join('\n')} label={t('studio.tr.field', { field: t('studio.fields.requirements'), lang: langName })} value={texts.requirements ?? ''} onChange={set('requirements')} error={errors.fields.requirements} />
      <Pair id="tr-wyl" multiline original={course.what_you_will_learn.join('\n')} label={t('studio.tr.field', { field: t('studio.fields.whatYouWillLearn'), lang: langName })} value={texts.wyl ?? ''} onChange={set('wyl')} error={errors.fields.what_you_will_learn} />
      {course.modules.map((m) => (
        <fieldset key={m.module_id} className="tr-group">
          <legend>{m.title}</legend>
          <Pair id={`tr-m${m.module_id}`} original={m.title} label={t('studio.tr.moduleTitle', { title: m.title, lang: langName })} value={texts[`m${m.module_id}`] ?? ''} onChange={set(`m${m.module_id}`)} />
          {m.lessons.map((l) => (
            <div key={l.lesson_id} className="tr-lesson">
              <Pair id={`tr-l${l.lesson_id}`} original={l.title} label={t('studio.tr.lessonTitle', { title: l.title, lang: langName })} value={texts[`l${l.lesson_id}`] ?? ''} onChange={set(`l${l.lesson_id}`)} />
              {(originalBlocks.get(l.lesson_id) ?? []).map((b, i) => {
                const k = `l${l.lesson_id}.b${i}`;
                const lbl = (what: string) => t('studio.tr.blockField', { lesson: l.title, n: i + 1, what, lang: langName });
                if (b.type === 'markdown')
                  return <Pair key={k} id={k} multiline original={b.markdown} label={lbl(t('studio.blocks.markdown'))} value={texts[`${k}.md`] ?? ''} onChange={set(`${k}.md`)} />;
                if (b.type === 'video')
                  return <Pair key={k} id={k} original={b.title} label={lbl(t('studio.blocks.videoTitle'))} value={texts[`${k}.title`] ?? ''} onChange={set(`${k}.title`)} />;
                if (b.type === 'quiz')
                  return (
                    <div key={k} className="stack">
                      <Pair id={`${k}-q`} original={b.question} label={lbl(t('studio.blocks.question'))} value={texts[`${k}.q`] ?? ''} onChange={set(`${k}.q`)} />
                      {b.options.map((o, oi) => (
                        <Pair key={o.id} id={`${k}-o${o.id}`} original={o.text} label={lbl(t('studio.blocks.optionN', { n: oi + 1 }))} value={texts[`${k}.o.${o.id}`] ?? ''} onChange={set(`${k}.o.${o.id}`)} />
                      ))}
                    </div>
                  );
                return null;
              })}
            </div>
          ))}
        </fieldset>
      ))}
      <p className="muted">{t('studio.tr.help')}</p>
      {errors.form != null && <ErrorState error={errors.form} />}
      {saved && <Notice kind="success">{t('studio.tr.saved', { lang: langName })}</Notice>}
      <div>
        <Button type="submit" busy={save.isPending}>
          {t('studio.tr.save', { lang: langName })}
        </Button>
      </div>
    </form>
  );
}

function Pair({
  id,
  original,
  label,
  value,
  onChange,
  multiline,
  error,
}: {
  id: string;
  original: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  multiline?: boolean;
  error?: string | undefined;
}): ReactNode {
  const errId = error ? `${id}-err` : undefined;
  return (
    <div className="tr-pair">
      <label htmlFor={id} className="tr-label">
        {label}
      </label>
      <div className="tr-original" id={`${id}-orig`}>
        {original || '—'}
      </div>
      <div className={`field${error ? ' field-invalid' : ''}`}>
        {multiline ? (
          <textarea id={id} rows={4} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={[`${id}-orig`, errId].filter(Boolean).join(' ')} aria-invalid={error ? true : undefined} />
        ) : (
          <input id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={[`${id}-orig`, errId].filter(Boolean).join(' ')} aria-invalid={error ? true : undefined} />
        )}
        {error && (
          <p id={errId} className="field-error">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}
