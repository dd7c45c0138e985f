import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../../api/client';
import { Button, Dialog, Field, Notice, TextAreaField, errorMessage, useFormErrors } from '../../../ui';
import { useInvalidateTrack, type BankQuestion } from '../hooks';
import { useAdminApi } from '../session';

/** Edits a bank question: text, difficulty, activity, and its options (exactly one correct). */
export function QuestionEditor({ slug, question, onClose }: { slug: string; question: BankQuestion; onClose: () => void }) {
  const { t } = useTranslation();
  const { client } = useAdminApi();
  const invalidate = useInvalidateTrack();
  const [text, setText] = useState(question.text);
  const [difficulty, setDifficulty] = useState(String(question.difficulty));
  const [active, setActive] = useState(question.is_active);
  const [options, setOptions] = useState(question.options.map((o) => ({ text: o.text, is_correct: o.is_correct })));
  const errors = useFormErrors();
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        client.PATCH('/api/v1/admin/tracks/{slug}/questions/{question_id}', {
          params: { path: { slug, question_id: question.question_id } },
          body: { text, difficulty: Number(difficulty), is_active: active, options },
        }),
      ),
    onSuccess: async () => {
      await invalidate(slug);
      onClose();
    },
    onError: (e) => errors.fail(e),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    save.mutate();
  };
  return (
    <Dialog open onClose={onClose} title={t('console.bank.editTitle', { id: question.question_id })} closeLabel={t('console.close')}>
      <form onSubmit={submit} noValidate>
        <TextAreaField label={t('console.bank.text')} value={text} onChange={(e) => setText(e.target.value)} error={errors.fields.text} rows={3} />
        <Field
          label={t('console.bank.difficulty')}
          type="number"
          min={1}
          max={5}
          value={difficulty}
          onChange={(e) => setDifficulty(e.target.value)}
          error={errors.fields.difficulty}
        />
        <fieldset className="field">
          <legend>{t('console.bank.options')}</legend>
          {options.map((o, i) => (
            <div className="row" key={i}>
              <input
                type="radio"
                name="correct"
                aria-label={t('console.bank.correctN', { n: i + 1 })}
                checked={o.is_correct}
                onChange={() => setOptions((os) => os.map((x, j) => ({ ...x, is_correct: j === i })))}
              />
              <Field
                label={t('console.bank.optionN', { n: i + 1 })}
                value={o.text}
                onChange={(e) => setOptions((os) => os.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)))}
                error={errors.fields[`options[${i}].text`]}
              />
            </div>
          ))}
          {errors.fields.options && <p className="field-error">{errors.fields.options}</p>}
        </fieldset>
        <label className="field">
          <span>
            <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> {t('console.bank.activeField')}
          </span>
        </label>
        {errors.form != null && <Notice kind="error">{errorMessage(errors.form, t)}</Notice>}
        <div className="console-actions">
          <Button type="submit" busy={save.isPending}>
            {t('console.save')}
          </Button>
          <Button variant="ghost" onClick={onClose}>
            {t('console.cancel')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
