import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Field, SelectField, TextAreaField } from '../../../ui';
import { Markdown } from '../../learning/components/Markdown';
import { CODE_LANGUAGES, nextOptionId, type EditBlock } from '../blocks';

type Quiz = Extract<EditBlock, { type: 'quiz' }>;

/** One content block's editor: markdown with a live (sanitized) preview, code, video, quiz. */
export function BlockEditor({
  block,
  index,
  count,
  problems,
  onChange,
  onMove,
  onRemove,
}: {
  block: EditBlock;
  index: number;
  count: number;
  problems: string[];
  onChange: (b: EditBlock) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const kind = t(`studio.blocks.${block.type}`);
  const name = t('studio.blocks.nth', { n: index + 1, kind });
  return (
    <section className={`card stack block-editor${problems.length ? ' block-invalid' : ''}`} aria-labelledby={headingId}>
      <div className="block-head">
        <h3 id={headingId}>{name}</h3>
        <div className="row">
          <Button variant="ghost" disabled={index === 0} onClick={() => onMove(index - 1)} aria-label={t('studio.blocks.up', { name })}>
            ↑
          </Button>
          <Button variant="ghost" disabled={index === count - 1} onClick={() => onMove(index + 1)} aria-label={t('studio.blocks.down', { name })}>
            ↓
          </Button>
          <Button variant="ghost" onClick={onRemove} aria-label={t('studio.blocks.remove', { name })}>
            {t('studio.delete')}
          </Button>
        </div>
      </div>
      {problems.length > 0 && (
        <ul className="field-error block-problems">
          {problems.map((p) => (
            <li key={p}>{t(p)}</li>
          ))}
        </ul>
      )}
      {block.type === 'markdown' && (
        <div className="md-split">
          <TextAreaField
            label={t('studio.blocks.markdownText')}
            rows={10}
            value={block.markdown}
            onChange={(e) => onChange({ ...block, markdown: e.target.value })}
            hint={t('studio.blocks.markdownHint')}
          />
          <div className="md-preview" aria-label={t('studio.blocks.previewOf', { name })} role="region">
            <p className="muted md-preview-label" aria-hidden="true">
              {t('studio.blocks.preview')}
            </p>
            {block.markdown.trim() ? <Markdown source={block.markdown} /> : <p className="muted">{t('studio.blocks.previewEmpty')}</p>}
          </div>
        </div>
      )}
      {block.type === 'code' && (
        <>
          <SelectField
            label={t('studio.blocks.language')}
            value={block.language}
            onChange={(language) => onChange({ ...block, language })}
            options={[...new Set([block.language, ...CODE_LANGUAGES])].filter(Boolean).map((l) => ({ value: l, label: l }))}
          />
          <TextAreaField
            label={t('studio.blocks.code')}
            rows={8}
            className="code-input"
            spellCheck={false}
            value={block.code}
            onChange={(e) => onChange({ ...block, code: e.target.value })}
          />
        </>
      )}
      {block.type === 'video' && (
        <>
          <Field label={t('studio.blocks.videoUrl')} type="url" value={block.url} onChange={(e) => onChange({ ...block, url: e.target.value })} hint={t('studio.blocks.videoHint')} />
          <Field label={t('studio.blocks.videoTitle')} value={block.title} onChange={(e) => onChange({ ...block, title: e.target.value })} />
        </>
      )}
      {block.type === 'quiz' && <QuizBuilder quiz={block} onChange={onChange} />}
    </section>
  );
}

/** A question with options; a radio group picks the one correct option. */
function QuizBuilder({ quiz, onChange }: { quiz: Quiz; onChange: (b: EditBlock) => void }) {
  const { t } = useTranslation();
  const group = useId();
  return (
    <div className="stack">
      <Field label={t('studio.blocks.question')} value={quiz.question} onChange={(e) => onChange({ ...quiz, question: e.target.value })} />
      <fieldset className="quiz-options">
        <legend>{t('studio.blocks.options')}</legend>
        <p className="field-hint">{t('studio.blocks.correctHint')}</p>
        {quiz.options.map((o, i) => (
          <div key={o.id} className="quiz-option">
            <input
              type="radio"
              id={`${group}-c-${o.id}`}
              name={`${group}-correct`}
              checked={quiz.correct_option_id === o.id}
              onChange={() => onChange({ ...quiz, correct_option_id: o.id })}
            />
            <label htmlFor={`${group}-c-${o.id}`} className="visually-hidden">
              {t('studio.blocks.markCorrect', { n: i + 1 })}
            </label>
            <label htmlFor={`${group}-t-${o.id}`} className="visually-hidden">
              {t('studio.blocks.optionN', { n: i + 1 })}
            </label>
            <input
              id={`${group}-t-${o.id}`}
              value={o.text}
              placeholder={t('studio.blocks.optionN', { n: i + 1 })}
              onChange={(e) => onChange({ ...quiz, options: quiz.options.map((x) => (x.id === o.id ? { ...x, text: e.target.value } : x)) })}
            />
            <Button
              variant="ghost"
              disabled={quiz.options.length <= 2}
              aria-label={t('studio.blocks.removeOption', { n: i + 1 })}
              onClick={() =>
                onChange({
                  ...quiz,
                  options: quiz.options.filter((x) => x.id !== o.id),
                  correct_option_id: quiz.correct_option_id === o.id ? '' : quiz.correct_option_id,
                })
              }
            >
              ×
            </Button>
          </div>
        ))}
        <div>
          <Button variant="secondary" disabled={quiz.options.length >= 8} onClick={() => onChange({ ...quiz, options: [...quiz.options, { id: nextOptionId(quiz.options), text: '' }] })}>
            {t('studio.blocks.addOption')}
          </Button>
        </div>
      </fieldset>
    </div>
  );
}
