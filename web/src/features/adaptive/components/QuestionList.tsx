import { useTranslation } from 'react-i18next';
import { ProgressBar } from '../../../ui';
import type { Question } from '../hooks';

/**
 * Every question of an attempt as a radio group. Unanswered ones are named after a submit
 * that was held back, so the learner sees what is missing.
 */
export function QuestionList({
  questions,
  answers,
  showMissing,
  onAnswer,
  disabled,
  idPrefix,
}: {
  questions: Question[];
  answers: Record<number, number>;
  showMissing: boolean;
  onAnswer: (questionId: number, optionId: number) => void;
  disabled?: boolean;
  idPrefix: string;
}) {
  const { t } = useTranslation();
  const done = questions.filter((q) => answers[q.question_id] != null).length;
  return (
    <>
      <div className="question-progress">
        <p>{t('adaptive.answered', { done, total: questions.length })}</p>
        <ProgressBar value={questions.length ? (done * 100) / questions.length : 0} label={t('adaptive.answeredLabel')} />
      </div>
      <ol className="question-list">
        {questions.map((q, i) => {
          const missing = showMissing && answers[q.question_id] == null;
          const errId = `${idPrefix}-q${q.question_id}-err`;
          return (
            <li key={q.question_id} className={`card question${missing ? ' question-missing' : ''}`}>
              <fieldset aria-describedby={missing ? errId : undefined} disabled={disabled}>
                <legend>
                  <span className="question-no">{t('adaptive.questionNo', { n: i + 1 })}</span> {q.text}
                </legend>
                {q.options.map((o) => (
                  <label key={o.option_id} className="answer-option">
                    <input
                      type="radio"
                      name={`${idPrefix}-q${q.question_id}`}
                      value={o.option_id}
                      checked={answers[q.question_id] === o.option_id}
                      onChange={() => onAnswer(q.question_id, o.option_id)}
                    />
                    <span>{o.text}</span>
                  </label>
                ))}
                {missing && (
                  <p className="field-error" id={errId}>
                    {t('adaptive.answerThis')}
                  </p>
                )}
              </fieldset>
            </li>
          );
        })}
      </ol>
    </>
  );
}
