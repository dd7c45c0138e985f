import { useEffect, useReducer } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, EmptyState, ErrorState, Notice, Skeleton, errorMessage } from '../../../ui';
import { formatDate } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { Article } from '../components/Article';
import { AnswerForm } from '../components/AnswerForm';
import { flowReducer } from '../examFlow';
import { useMarkRead, useMinitest, useMinitestTries, useMyContent, useSubmitMinitest, type ContentItem, type MinitestResult } from '../hooks';
import '../adaptive.css';

/** One assigned article: read it (closes an optional one); a required one closes when its mini-test passes. */
export default function ContentPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const content = useMyContent(true);
  const item = content.data?.items.find((i) => i.id === id);
  useDocumentTitle(item?.title ?? t('adaptive.content.title'));
  return (
    <>
      <p>
        <Link to="/track">← {t('adaptive.backToTrack')}</Link>
      </p>
      {content.isPending && <Skeleton lines={6} />}
      {content.isError && <ErrorState error={content.error} onRetry={() => void content.refetch()} />}
      {content.data && !item && <EmptyState title={t('adaptive.content.notAssigned')} />}
      {item && <ArticleView item={item} />}
    </>
  );
}

function ArticleView({ item }: { item: ContentItem }) {
  const { t } = useTranslation();
  const read = useMarkRead(item.id);
  const required = item.kind === 'required';
  return (
    <article aria-labelledby="article-h">
      <h1 id="article-h">{item.title}</h1>
      <p>
        <span className="badge">{t(required ? 'adaptive.content.required' : 'adaptive.content.optional')}</span>{' '}
        {item.closed && <span className="badge badge-done">{t('adaptive.content.closed')}</span>}
      </p>
      {item.reason && <p className="muted">{t('adaptive.content.why', { reason: item.reason })}</p>}
      <Article markdown={item.markdown} />
      <div className="actions">
        {item.read ? (
          <p className="check-done">✓ {t('adaptive.content.isRead')}</p>
        ) : (
          <Button variant="secondary" busy={read.isPending} onClick={() => read.mutate()}>
            {t('adaptive.content.markRead')}
          </Button>
        )}
        {read.isError && <Notice kind="error">{errorMessage(read.error, t)}</Notice>}
      </div>
      {required && <Minitest item={item} />}
    </article>
  );
}

function Minitest({ item }: { item: ContentItem }) {
  const { t } = useTranslation();
  const open = !item.minitest_passed;
  const test = useMinitest(item.id, open);
  const tries = useMinitestTries(item.id, true);
  const submit = useSubmitMinitest(item.id);
  const [state, dispatch] = useReducer(flowReducer<MinitestResult>, { phase: 'idle' });
  const questions = test.data?.questions;
  useEffect(() => {
    if (questions && state.phase === 'idle') dispatch({ type: 'started', attempt: { attemptId: item.id, questions } });
  }, [questions, state.phase, item.id]);

  return (
    <section className="minitest" aria-labelledby="minitest-h">
      <h2 id="minitest-h">{t('adaptive.minitest.title')}</h2>
      {item.minitest_passed && state.phase !== 'graded' && <Notice kind="success">{t('adaptive.minitest.passedBefore')}</Notice>}
      {open && test.isPending && <Skeleton lines={3} />}
      {open && test.isError && <ErrorState error={test.error} onRetry={() => void test.refetch()} />}
      {state.phase === 'answering' && (
        <AnswerForm
          idPrefix={`mt${item.id}`}
          state={state}
          dispatch={dispatch}
          onSubmit={(answers) => submit.mutate(answers, { onSuccess: (r) => dispatch({ type: 'graded', result: r }) })}
          pending={submit.isPending}
          error={submit.isError ? submit.error : null}
          submitLabel={t('adaptive.minitest.submit')}
        />
      )}
      {state.phase === 'graded' && (
        <div aria-live="polite">
          {state.result.passed ? (
            <Notice kind="success">{t('adaptive.minitest.passed', { correct: state.result.correct, total: state.result.total })}</Notice>
          ) : (
            <>
              <Notice kind="error">{t('adaptive.minitest.failed', { correct: state.result.correct, total: state.result.total })}</Notice>
              <Button
                onClick={() => {
                  dispatch({ type: 'retake' });
                  void test.refetch();
                }}
              >
                {t('adaptive.minitest.retry')}
              </Button>
            </>
          )}
        </div>
      )}
      {tries.data && tries.data.items.length > 0 && (
        <>
          <h3>{t('adaptive.minitest.tries')}</h3>
          <ol className="tries">
            {tries.data.items.map((a) => (
              <li key={a.attempt_id}>
                {formatDate(a.submitted_at)} — {t('adaptive.minitest.tryScore', { correct: a.correct, total: a.total })}{' '}
                {a.passed ? t('adaptive.minitest.tryPassed') : t('adaptive.minitest.tryFailed')}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
