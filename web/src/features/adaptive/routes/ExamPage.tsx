import { useEffect, useReducer, useRef } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/errors';
import { useSession } from '../../../api/context';
import { Button, Notice, errorMessage } from '../../../ui';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { EligibilityChecklist } from '../components/EligibilityChecklist';
import { ModuleResults } from '../components/ModuleResults';
import { AnswerForm } from '../components/AnswerForm';
import { flowReducer, loadOpen, saveOpen, type FlowState } from '../examFlow';
import { useExamApi, type Eligibility, type ExamKind, type Graded } from '../hooks';
import '../adaptive.css';

export default function ExamPage() {
  const { kind: param } = useParams();
  const kind: ExamKind = param === 'final' ? 'final' : 'level';
  const { t } = useTranslation();
  const title = t(kind === 'level' ? 'adaptive.exam.levelTitle' : 'adaptive.exam.finalTitle');
  useDocumentTitle(title);
  const { user } = useSession();
  const key = `practicum.exam.${kind}.${user?.user_id ?? 0}`;
  const [state, dispatch] = useReducer(flowReducer<Graded>, key, (k) => loadOpen<Graded>(k));
  const { start, submit } = useExamApi(kind);
  const resultRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => saveOpen(key, state), [key, state]);
  useEffect(() => {
    if (state.phase === 'graded') resultRef.current?.focus();
  }, [state.phase]);

  const begin = () => {
    dispatch({ type: 'retake' });
    start.mutate(undefined, {
      onSuccess: (a) => dispatch({ type: 'started', attempt: { attemptId: a.attempt_id, attemptNo: a.attempt_no, questions: a.questions } }),
    });
  };
  return (
    <>
      <p>
        <Link to="/track">← {t('adaptive.backToTrack')}</Link>
      </p>
      <h1>{title}</h1>
      {state.phase === 'idle' && (
        <section className="card">
          <p>{t(kind === 'level' ? 'adaptive.exam.levelIntro' : 'adaptive.exam.finalIntro')}</p>
          <StartError error={start.error} />
          <Button onClick={begin} busy={start.isPending}>
            {t('adaptive.exam.start')}
          </Button>
        </section>
      )}
      {state.phase === 'answering' && (
        <AnswerForm
          idPrefix="exam"
          state={state}
          dispatch={dispatch}
          onSubmit={(answers) => submit.mutate({ attemptId: state.attempt.attemptId, answers }, { onSuccess: (result) => dispatch({ type: 'graded', result }) })}
          pending={submit.isPending}
          error={submit.isError ? submit.error : null}
          submitLabel={t('adaptive.exam.submit')}
        >
          {state.attempt.attemptNo != null && <p className="muted">{t('adaptive.exam.attemptNo', { n: state.attempt.attemptNo })}</p>}
        </AnswerForm>
      )}
      {state.phase === 'graded' && (
        <section className="card exam-result" aria-labelledby="exam-result-h">
          <h2 id="exam-result-h" tabIndex={-1} ref={resultRef}>
            {state.result.passed ? t('adaptive.exam.passed') : t('adaptive.exam.failed')}
          </h2>
          <p className="exam-score">
            {t('adaptive.exam.score', { correct: state.result.score_total, total: state.result.total_q, pct: state.result.percentage })}
          </p>
          <ProgressNote result={state.result} />
          <ModuleResults title={t('adaptive.exam.perModule')} scores={state.result.per_module} />
          <div className="actions">
            {!state.result.passed && (
              <Button onClick={begin} busy={start.isPending}>
                {t('adaptive.exam.retake')}
              </Button>
            )}
            <Link className="btn btn-secondary" to="/track">
              {t('adaptive.backToTrack')}
            </Link>
          </div>
          <StartError error={start.error} />
        </section>
      )}
    </>
  );
}

function ProgressNote({ result }: { result: Graded }) {
  const { t } = useTranslation();
  const p = result.progress;
  if (!result.passed) return <p>{t('adaptive.exam.retakeHint')}</p>;
  if (p.action === 'pending_approval') return <Notice kind="success">{t('adaptive.exam.pendingApproval')}</Notice>;
  if (p.action === 'auto_advanced') return <Notice kind="success">{t('adaptive.exam.advanced', { stage: p.to ?? '' })}</Notice>;
  if (p.action === 'rank_final_open') return <Notice kind="success">{t('adaptive.exam.finalOpen')}</Notice>;
  return null;
}

function StartError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (error instanceof ApiError && error.code === 'not_eligible' && error.details && typeof error.details === 'object') {
    return (
      <>
        <Notice kind="error">{t('adaptive.exam.notEligible')}</Notice>
        <EligibilityChecklist report={error.details as Eligibility} items={[]} />
      </>
    );
  }
  if (error instanceof ApiError && error.code === 'attempt_in_progress') {
    return <Notice kind="error">{t('adaptive.exam.inProgressElsewhere')}</Notice>;
  }
  return <Notice kind="error">{errorMessage(error, t)}</Notice>;
}

export type ExamFlow = FlowState<Graded>;
