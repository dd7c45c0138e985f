import { useEffect, useReducer, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../api/context';
import { Button, ErrorState, Notice, ProgressBar, Skeleton, errorMessage } from '../../../ui';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { ModuleResults } from '../components/ModuleResults';
import { AnswerForm } from '../components/AnswerForm';
import { flowReducer, loadOpen, saveOpen } from '../examFlow';
import { useDiagnosticApi, useDiagnosticResult, type DiagnosticResult, type DiagnosticStep } from '../hooks';
import '../adaptive.css';

/**
 * The one-time diagnostic. A track's settings choose its mode: `fixed` asks every question
 * at once (one submit); `adaptive` asks one at a time, each chosen for what it tells, until
 * every module's call is confident (or a cap is reached).
 */
export default function DiagnosticPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('adaptive.diagnostic.title'));
  const result = useDiagnosticResult();
  const api = useDiagnosticApi();
  const [justStarted, setJustStarted] = useState<number[] | null>(null);
  const { user } = useSession();

  return (
    <>
      <p>
        <Link to="/track">← {t('adaptive.backToTrack')}</Link>
      </p>
      <h1>{t('adaptive.diagnostic.title')}</h1>
      {result.isPending && <Skeleton lines={4} />}
      {result.isError && <ErrorState error={result.error} onRetry={() => void result.refetch()} />}
      {result.data === null && (
        <section className="card">
          <p>{t('adaptive.diagnostic.intro')}</p>
          {api.start.isError && <Notice kind="error">{errorMessage(api.start.error, t)}</Notice>}
          <Button
            busy={api.start.isPending}
            onClick={() =>
              api.start.mutate(undefined, {
                onSuccess: (a) => {
                  setJustStarted(a.questions.map((q) => q.question_id));
                  sessionStorage.setItem(
                    fixedKey(user?.user_id),
                    JSON.stringify({ attempt: { attemptId: a.attempt_id, questions: a.questions }, answers: {} }),
                  );
                  void result.refetch();
                },
              })
            }
          >
            {t('adaptive.diagnostic.start')}
          </Button>
        </section>
      )}
      {result.data && result.data.submitted && <Result result={result.data} />}
      {result.data && !result.data.submitted && result.data.mode === 'adaptive' && <AdaptiveRun />}
      {result.data && !result.data.submitted && result.data.mode !== 'adaptive' && <FixedRun key={justStarted?.join(',') ?? 'saved'} />}
    </>
  );
}

function fixedKey(userId: number | undefined): string {
  return `practicum.diagnostic.${userId ?? 0}`;
}

/** Fixed mode: every question on one page, one submit. */
function FixedRun() {
  const { t } = useTranslation();
  const { user } = useSession();
  const key = fixedKey(user?.user_id);
  const [state, dispatch] = useReducer(flowReducer<DiagnosticResult>, key, (k) => loadOpen<DiagnosticResult>(k));
  const { submit } = useDiagnosticApi();
  useEffect(() => saveOpen(key, state), [key, state]);
  if (state.phase === 'idle') return <Notice kind="error">{t('adaptive.diagnostic.lost', { name: user?.full_name ?? '' })}</Notice>;
  if (state.phase === 'graded') return null;
  return (
    <AnswerForm
      idPrefix="diag"
      state={state}
      dispatch={dispatch}
      onSubmit={(answers) => submit.mutate(answers, { onSuccess: (r) => dispatch({ type: 'graded', result: r }) })}
      pending={submit.isPending}
      error={submit.isError ? submit.error : null}
      submitLabel={t('adaptive.diagnostic.submit')}
    />
  );
}

/** Adaptive mode: one question at a time; the server picks the next one. */
function AdaptiveRun() {
  const { t } = useTranslation();
  const { next, answer } = useDiagnosticApi();
  const [step, setStep] = useState<DiagnosticStep | null>(null);
  const [picked, setPicked] = useState<number | null>(null);
  const [missing, setMissing] = useState(false);
  const load = next.mutate;
  useEffect(() => {
    load(undefined, { onSuccess: setStep });
  }, [load]);
  if (next.isError) return <ErrorState error={next.error} onRetry={() => load(undefined, { onSuccess: setStep })} />;
  if (!step) return <Skeleton lines={4} />;
  const q = step.question;
  if (step.done || !q) return null;
  return (
    <form
      className="card question"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (picked == null) {
          setMissing(true);
          return;
        }
        answer.mutate(
          { question_id: q.question_id, option_id: picked },
          {
            onSuccess: (s) => {
              setPicked(null);
              setStep(s);
            },
          },
        );
      }}
    >
      <div className="question-progress">
        <p>{t('adaptive.diagnostic.stepOf', { n: step.asked, max: step.max_questions })}</p>
        <ProgressBar value={step.max_questions ? ((step.asked - 1) * 100) / step.max_questions : 0} label={t('adaptive.answeredLabel')} />
      </div>
      <fieldset disabled={answer.isPending} aria-describedby={missing ? 'diag-step-err' : undefined}>
        <legend>{q.text}</legend>
        {q.options.map((o) => (
          <label key={o.option_id} className="answer-option">
            <input
              type="radio"
              name={`diag-step-${q.question_id}`}
              checked={picked === o.option_id}
              onChange={() => {
                setPicked(o.option_id);
                setMissing(false);
              }}
            />
            <span>{o.text}</span>
          </label>
        ))}
        {missing && (
          <p className="field-error" id="diag-step-err">
            {t('adaptive.answerThis')}
          </p>
        )}
      </fieldset>
      {answer.isError && <Notice kind="error">{errorMessage(answer.error, t)}</Notice>}
      <Button type="submit" busy={answer.isPending}>
        {t('adaptive.diagnostic.next')}
      </Button>
    </form>
  );
}

function Result({ result }: { result: DiagnosticResult }) {
  const { t } = useTranslation();
  const weak = result.weak_modules.map((m) => m.module_name);
  return (
    <section className="card" aria-labelledby="diag-result-h">
      <h2 id="diag-result-h">{t('adaptive.diagnostic.resultTitle')}</h2>
      <p className="exam-score">{t('adaptive.diagnostic.score', { correct: result.score_total ?? 0, total: result.total_q })}</p>
      {weak.length > 0 && <p>{t('adaptive.diagnostic.weak', { modules: weak.join(', ') })}</p>}
      <ModuleResults title={t('adaptive.diagnostic.perModule')} scores={result.per_module} />
      <Link className="btn btn-primary" to="/track">
        {t('adaptive.diagnostic.toTrack')}
      </Link>
    </section>
  );
}
