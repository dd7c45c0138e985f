import type { Dispatch, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Notice, errorMessage } from '../../../ui';
import { answersOf, unanswered, type FlowAction, type FlowState } from '../examFlow';
import type { Answer } from '../hooks';
import { QuestionList } from './QuestionList';

type Answering<R> = Extract<FlowState<R>, { phase: 'answering' }>;

/**
 * An open attempt as one form (mini-test, fixed diagnostic, level exam, rank final): every
 * question, how many are still missing after a held-back submit (focus goes to the first of
 * them), the server's refusal, and the submit button. `onSubmit` gets one answer per
 * question, never fewer.
 */
export function AnswerForm<R>({
  idPrefix,
  state,
  dispatch,
  onSubmit,
  pending,
  error,
  submitLabel,
  children,
}: {
  idPrefix: string;
  state: Answering<R>;
  dispatch: Dispatch<FlowAction<R>>;
  onSubmit: (answers: Answer[]) => void;
  pending: boolean;
  /** The last submit's error, if it failed. */
  error: unknown;
  submitLabel: string;
  /** Shown above the questions (e.g. the attempt's number). */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const missing = unanswered(state);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const answers = answersOf(state);
        if (!answers) {
          dispatch({ type: 'submitBlocked' });
          const first = missing[0];
          if (first) document.querySelector<HTMLInputElement>(`input[name="${idPrefix}-q${first.question_id}"]`)?.focus();
          return;
        }
        onSubmit(answers);
      }}
    >
      {children}
      <QuestionList
        idPrefix={idPrefix}
        questions={state.attempt.questions}
        answers={state.answers}
        showMissing={state.showMissing}
        disabled={pending}
        onAnswer={(questionId, optionId) => dispatch({ type: 'answered', questionId, optionId })}
      />
      <div aria-live="polite">
        {state.showMissing && missing.length > 0 && <Notice kind="error">{t('adaptive.exam.missing', { count: missing.length })}</Notice>}
      </div>
      {error != null && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      <Button type="submit" busy={pending}>
        {submitLabel}
      </Button>
    </form>
  );
}
