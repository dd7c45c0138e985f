import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ErrorState, Field, Notice, SelectField, TextAreaField, useFormErrors } from '../../../ui';
import { lines } from '../blocks';
import { useCategories, type Course } from '../hooks';

export interface CourseFields {
  title: string;
  description: string;
  language: string;
  difficulty: string;
  price: number;
  currency: string;
  category_slug: string;
  tags: string[];
  requirements: string[];
  what_you_will_learn: string[];
}

const DIFFICULTIES = ['beginner', 'intermediate', 'advanced'];
export const COURSE_LANGUAGES = ['en', 'ru'];

/** The fields of a course, for creating one and editing it; server field errors show next to their inputs. */
export function CourseForm({
  initial,
  submitLabel,
  onSubmit,
}: {
  initial?: Course;
  submitLabel: string;
  onSubmit: (fields: CourseFields) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const categories = useCategories();
  const errors = useFormErrors();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [f, setF] = useState({
    title: initial?.title ?? '',
    description: initial?.description ?? '',
    language: initial?.language ?? 'en',
    difficulty: initial?.difficulty ?? 'beginner',
    price: initial ? String(initial.price) : '0',
    currency: initial?.currency ?? 'USD',
    category_slug: initial?.category_slug ?? '',
    tags: initial?.tags.join(', ') ?? '',
    requirements: initial?.requirements.join('\n') ?? '',
    what_you_will_learn: initial?.what_you_will_learn.join('\n') ?? '',
  });
  const set = (k: keyof typeof f) => (v: string) => {
    setF((old) => ({ ...old, [k]: v }));
    errors.clearField(k);
    setSaved(false);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    setBusy(true);
    try {
      await onSubmit({
        title: f.title.trim(),
        description: f.description,
        language: f.language,
        difficulty: f.difficulty,
        price: Number(f.price.replace(',', '.')) || 0,
        currency: f.currency.trim().toUpperCase(),
        category_slug: f.category_slug,
        tags: f.tags
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        requirements: lines(f.requirements),
        what_you_will_learn: lines(f.what_you_will_learn),
      });
      setSaved(true);
    } catch (err) {
      errors.fail(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card stack course-form" onSubmit={(e) => void submit(e)} noValidate>
      <Field label={t('studio.fields.title')} value={f.title} onChange={(e) => set('title')(e.target.value)} error={errors.fields.title} required />
      <TextAreaField
        label={t('studio.fields.description')}
        value={f.description}
        rows={4}
        onChange={(e) => set('description')(e.target.value)}
        error={errors.fields.description}
      />
      <div className="form-grid">
        <SelectField
          label={t('studio.fields.language')}
          value={f.language}
          onChange={set('language')}
          options={COURSE_LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
          error={errors.fields.language}
        />
        <SelectField
          label={t('studio.fields.difficulty')}
          value={f.difficulty}
          onChange={set('difficulty')}
          options={DIFFICULTIES.map((d) => ({ value: d, label: t(`course.difficulty.${d}`, { defaultValue: d }) }))}
          error={errors.fields.difficulty}
        />
        <SelectField
          label={t('studio.fields.category')}
          value={f.category_slug}
          onChange={set('category_slug')}
          options={[{ value: '', label: t('studio.fields.noCategory') }, ...(categories.data ?? []).map((c) => ({ value: c.slug, label: c.name }))]}
          error={errors.fields.category_slug}
        />
        <Field
          label={t('studio.fields.price')}
          inputMode="decimal"
          value={f.price}
          onChange={(e) => set('price')(e.target.value)}
          error={errors.fields.price}
          hint={t('studio.fields.priceHint')}
        />
        <Field label={t('studio.fields.currency')} value={f.currency} maxLength={3} onChange={(e) => set('currency')(e.target.value)} error={errors.fields.currency} />
      </div>
      <Field label={t('studio.fields.tags')} value={f.tags} onChange={(e) => set('tags')(e.target.value)} error={errors.fields.tags} hint={t('studio.fields.tagsHint')} />
      <TextAreaField
        label={t('studio.fields.requirements')}
        value={f.requirements}
        rows={4}
        onChange={(e) => set('requirements')(e.target.value)}
        error={errors.fields.requirements}
        hint={t('studio.fields.linesHint')}
      />
      <TextAreaField
        label={t('studio.fields.whatYouWillLearn')}
        value={f.what_you_will_learn}
        rows={4}
        onChange={(e) => set('what_you_will_learn')(e.target.value)}
        error={errors.fields.what_you_will_learn}
        hint={t('studio.fields.linesHint')}
      />
      {errors.form != null && <ErrorState error={errors.form} />}
      {saved && <Notice kind="success">{t('studio.saved')}</Notice>}
      <div className="row">
        <Button type="submit" busy={busy}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
