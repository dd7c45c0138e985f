import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/errors';
import { Button, EmptyState, ErrorState, Notice, Skeleton, errorMessage } from '../../../ui';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { EligibilityChecklist } from '../components/EligibilityChecklist';
import { TrackMap } from '../components/TrackMap';
import {
  useAssignContent,
  useCurrentStage,
  useLatestDecision,
  useMyContent,
  useRequestApproval,
  useLiveTrack,
  useTrack,
  type CurrentStage,
  type MyContent,
} from '../hooks';
import '../adaptive.css';

export default function TrackPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('adaptive.title'));
  useLiveTrack();
  const stage = useCurrentStage();
  const track = useTrack(stage.data?.track);
  if (stage.isPending) return <Skeleton lines={6} />;
  if (stage.isError) {
    if (stage.error instanceof ApiError && stage.error.code === 'no_track_available') {
      return (
        <>
          <h1>{t('adaptive.title')}</h1>
          <EmptyState title={t('adaptive.noTrack')} />
        </>
      );
    }
    return (
      <>
        <h1>{t('adaptive.title')}</h1>
        <ErrorState error={stage.error} onRetry={() => void stage.refetch()} />
      </>
    );
  }
  const s = stage.data;
  return (
    <>
      <h1>{track.data?.title ?? t('adaptive.title')}</h1>
      <p className="track-where">
        {t('adaptive.where', { rank: t(`adaptive.ranks.${s.rank}`, { defaultValue: s.rank }), level: s.level })}{' '}
        <span className={`badge status-${s.status}`}>{t(`adaptive.status.${s.status}`, { defaultValue: s.status })}</span>
      </p>
      {s.review_due > 0 && <p className="muted">{t('adaptive.reviewDue', { count: s.review_due })}</p>}
      <Decision stage={s} />
      <div className="track-layout">
        <div className="track-main">
          <NextStep stage={s} />
        </div>
        <aside className="track-aside">
          {track.isPending && <Skeleton lines={4} />}
          {track.isError && <ErrorState error={track.error} onRetry={() => void track.refetch()} />}
          {track.data && <TrackMap track={track.data} current={s} />}
        </aside>
      </div>
    </>
  );
}

/** The administrator's latest decision on a rank change, with the reason when rejected. */
function Decision({ stage }: { stage: CurrentStage }) {
  const { t } = useTranslation();
  const decision = useLatestDecision();
  const again = useRequestApproval();
  if (stage.status === 'pending_approval') {
    return (
      <Notice kind="info">
        <strong>{t('adaptive.pending.title')}</strong> {t('adaptive.pending.body')}
      </Notice>
    );
  }
  const d = decision.data;
  if (!d) return null;
  if (d.approved) {
    return (
      <Notice kind="success">
        <strong>{t('adaptive.decision.approved')}</strong> {t('adaptive.decision.approvedBody', { stage: stage.stage.replace('_', ' ') })}
      </Notice>
    );
  }
  return (
    <div className="card decision-rejected">
      <Notice kind="error">
        <strong>{t('adaptive.decision.rejected')}</strong> {t('adaptive.decision.reason', { reason: d.reason ?? '—' })}
      </Notice>
      <Button variant="secondary" busy={again.isPending} onClick={() => again.mutate()}>
        {t('adaptive.decision.askAgain')}
      </Button>
      {again.isError && <Notice kind="error">{errorMessage(again.error, t)}</Notice>}
      {again.isSuccess && <Notice kind="success">{t('adaptive.decision.asked')}</Notice>}
    </div>
  );
}

/** What the learner does next at this stage, and the reading list once assigned. */
function NextStep({ stage }: { stage: CurrentStage }) {
  const { t } = useTranslation();
  const content = useMyContent(stage.content_assigned);
  const assign = useAssignContent();
  if (stage.graduated) return <Notice kind="success">{t('adaptive.graduated')}</Notice>;
  if (stage.stage === 'trainee_0' && !stage.diagnostic_done) {
    return (
      <section className="card next-step" aria-labelledby="next-h">
        <h2 id="next-h">{t('adaptive.next.diagnosticTitle')}</h2>
        <p>{t('adaptive.next.diagnosticBody')}</p>
        <Link className="btn btn-primary" to="/track/diagnostic">
          {t('adaptive.next.diagnostic')}
        </Link>
      </section>
    );
  }
  return (
    <>
      {stage.diagnostic_done && stage.stage === 'trainee_0' && (
        <p>
          <Link to="/track/diagnostic">{t('adaptive.next.diagnosticResult')}</Link>
        </p>
      )}
      {!stage.content_assigned && stage.status === 'active' && (
        <section className="card next-step" aria-labelledby="next-h">
          <h2 id="next-h">{t('adaptive.next.assignTitle')}</h2>
          <p>{t('adaptive.next.assignBody')}</p>
          {assign.isError && <Notice kind="error">{errorMessage(assign.error, t)}</Notice>}
          <Button busy={assign.isPending} onClick={() => assign.mutate()}>
            {t('adaptive.next.assign')}
          </Button>
        </section>
      )}
      {stage.content_assigned && content.isPending && <Skeleton lines={5} />}
      {stage.content_assigned && content.isError && <ErrorState error={content.error} onRetry={() => void content.refetch()} />}
      {stage.content_assigned && content.data && <Reading content={content.data} stage={stage} />}
    </>
  );
}

function Reading({ content, stage }: { content: MyContent; stage: CurrentStage }) {
  const { t } = useTranslation();
  const required = content.items.filter((i) => i.kind === 'required');
  const optional = content.items.filter((i) => i.kind !== 'required');
  const active = stage.status === 'active';
  return (
    <>
      {active && (
        <section className="card next-step" aria-labelledby="exam-h">
          <h2 id="exam-h">{t(stage.rank_final_open ? 'adaptive.next.finalTitle' : 'adaptive.next.examTitle')}</h2>
          {stage.rank_final_open ? (
            <Link className="btn btn-primary" to="/track/exam/final">
              {t('adaptive.next.final')}
            </Link>
          ) : content.eligibility.eligible ? (
            <Link className="btn btn-primary" to="/track/exam/level">
              {t('adaptive.next.exam')}
            </Link>
          ) : (
            <p>{t('adaptive.next.examLocked')}</p>
          )}
        </section>
      )}
      <EligibilityChecklist report={content.eligibility} items={content.items} />
      <section aria-labelledby="req-h">
        <h2 id="req-h">{t('adaptive.content.requiredList')}</h2>
        <ContentList items={required} />
      </section>
      <section aria-labelledby="opt-h">
        <h2 id="opt-h">{t('adaptive.content.optionalList')}</h2>
        <ContentList items={optional} />
      </section>
    </>
  );
}

function ContentList({ items }: { items: MyContent['items'] }) {
  const { t } = useTranslation();
  if (items.length === 0) return <EmptyState title={t('adaptive.content.none')} />;
  return (
    <ul className="plain-list content-list">
      {items.map((i) => (
        <li key={i.id} className="card content-item">
          <Link to={`/track/content/${i.id}`}>{i.title}</Link>
          <span className="content-state">
            {i.closed ? (
              <span className="check-done">✓ {t('adaptive.content.closed')}</span>
            ) : i.kind === 'required' ? (
              <span>{i.minitest_tries > 0 ? t('adaptive.content.triesSoFar', { count: i.minitest_tries }) : t('adaptive.content.minitestDue')}</span>
            ) : (
              <span>{t('adaptive.content.unread')}</span>
            )}
          </span>
          {i.reason && <span className="muted content-reason">{i.reason}</span>}
        </li>
      ))}
    </ul>
  );
}
