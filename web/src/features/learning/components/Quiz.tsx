import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Notice, errorMessage } from '../../../ui';
import { useCheckAnswer } from '../hooks';

export interface QuizBlock {
  id: string;
  question: string;
  options: Array<{ id: string; text: string }>;
}

/** One inline question: pick, check, see at once whether it was right (and which was). */
export function Quiz({ lessonId, quiz }: { lessonId: number; quiz: QuizBlock }) {
  const { t } = useTranslation();
  const name = useId();
  const [picked, setPicked] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const check = useCheckAnswer();
  const result = check.data && check.variables?.answer_id === picked ? check.data : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!picked) {
      setMissing(true);
      return;
    }
    setMissing(false);
    check.mutate({ lesson_id: lessonId, question_id: quiz.id, answer_id: picked });
  };
  return (
    <form className="card quiz" onSubmit={submit} noValidate>
      <fieldset>
        <legend>{quiz.question}</legend>
        {quiz.options.map((o) => {
          const state = result ? (o.id === result.correct_answer_id ? 'correct' : o.id === picked ? 'wrong' : '') : '';
          return (
            <label key={o.id} className={`quiz-option${state ? ` quiz-${state}` : ''}`}>
              <input
                type="radio"
                name={name}
                value={o.id}
                checked={picked === o.id}
                onChange={() => {
                  setPicked(o.id);
                  setMissing(false);
                }}
              />
              <span>{o.text}</span>
              {state === 'correct' && <span className="quiz-mark"> ✓ {t('quiz.correctAnswer')}</span>}
            </label>
          );
        })}
      </fieldset>
      <div aria-live="polite">
        {missing && <p className="field-error">{t('quiz.pick')}</p>}
        {result && (result.is_correct ? <Notice kind="success">{t('quiz.right')}</Notice> : <Notice kind="error">{t('quiz.wrong')}</Notice>)}
      </div>
      {check.isError && <Notice kind="error">{errorMessage(check.error, t)}</Notice>}
      <Button type="submit" variant="secondary" busy={check.isPending}>
        {result && !result.is_correct ? t('quiz.again') : t('quiz.check')}
      </Button>
    </form>
  );
}
