import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, EmptyState, ErrorState, Field, Pagination, Skeleton } from '../../../ui';
import { formatDate } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { PRODUCING_ROLES, RoleGate, type Review } from '../../studio';
import { ProducerNav } from '../components/ProducerNav';
import { useAllReviews, useModerate } from '../hooks';
import '../../studio/studio.css';

export default function ModerationPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('producer.moderation.title'));
  return (
    <RoleGate roles={PRODUCING_ROLES}>
      <h1>{t('producer.moderation.title')}</h1>
      <ProducerNav />
      <Moderation />
    </RoleGate>
  );
}

function Moderation() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [view, setView] = useState<'all' | 'reported' | 'hidden'>('reported');
  const [hiding, setHiding] = useState<Review | null>(null);
  const reviews = useAllReviews(page, view === 'reported');
  const m = useModerate();
  // "Hidden" filters the page at hand (the API has no hidden-only filter).
  const shown = (reviews.data?.items ?? []).filter((r) => view !== 'hidden' || r.is_hidden);
  const pick = (v: typeof view) => {
    setView(v);
    setPage(1);
  };
  return (
    <section className="stack" aria-labelledby="mod-h">
      <h2 id="mod-h">{t('producer.moderation.reviews')}</h2>
      <p className="muted">{t('producer.moderation.help')}</p>
      <div className="row" role="group" aria-label={t('producer.moderation.show')}>
        {(['reported', 'hidden', 'all'] as const).map((v) => (
          <button key={v} type="button" className="btn btn-ghost chip" aria-pressed={view === v} onClick={() => pick(v)}>
            {t(`producer.moderation.views.${v}`)}
          </button>
        ))}
      </div>
      {(m.hide.isError || m.unhide.isError) && <ErrorState error={m.hide.error ?? m.unhide.error} />}
      {reviews.isPending ? (
        <Skeleton lines={5} />
      ) : reviews.isError ? (
        <ErrorState error={reviews.error} onRetry={() => void reviews.refetch()} />
      ) : shown.length === 0 ? (
        <EmptyState title={t(`producer.moderation.empty.${view}`)} />
      ) : (
        <ul className="plain-list stack">
          {shown.map((r) => (
            <li key={r.review_id} className={`card stack${r.is_hidden ? ' review-hidden' : ''}`}>
              <div className="row">
                <strong>{r.author_name}</strong>
                <Link to={`/courses/${r.course_slug}`}>{r.course_slug}</Link>
                <span role="img" aria-label={t('studio.inbox.rating', { rating: r.rating })}>
                  <span aria-hidden="true">{'★'.repeat(r.rating)}{'☆'.repeat(5 - r.rating)}</span>
                </span>
                <span className="muted">{formatDate(r.created_at)}</span>
                {r.is_hidden && <span className="badge status-badge status-review">{t('producer.moderation.hidden')}</span>}
                {r.report_count > 0 && <span className="badge badge-new">{t('producer.moderation.reports', { count: r.report_count })}</span>}
              </div>
              <p className="review-text">{r.text}</p>
              {r.is_hidden && r.hidden_reason && <p className="sent-back">{t('producer.moderation.reason', { reason: r.hidden_reason })}</p>}
              <div>
                {r.is_hidden ? (
                  <Button variant="secondary" busy={m.unhide.isPending && m.unhide.variables === r.review_id} onClick={() => m.unhide.mutate(r.review_id)} aria-label={t('producer.moderation.unhideBy', { name: r.author_name })}>
                    {t('producer.moderation.unhide')}
                  </Button>
                ) : (
                  <Button variant="danger" onClick={() => setHiding(r)} aria-label={t('producer.moderation.hideBy', { name: r.author_name })}>
                    {t('producer.moderation.hide')}
                  </Button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {reviews.data && <Pagination page={page} pageSize={reviews.data.page_size} total={reviews.data.total} onPage={setPage} />}
      <HideDialog review={hiding} onClose={() => setHiding(null)} onHide={(reason) => m.hide.mutateAsync({ id: hiding?.review_id ?? 0, reason })} />
    </section>
  );
}

function HideDialog({ review, onClose, onHide }: { review: Review | null; onClose: () => void; onHide: (reason: string) => Promise<unknown> }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await onHide(reason.trim());
      setReason('');
      onClose();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={review != null} onClose={onClose} title={t('producer.moderation.hideTitle', { name: review?.author_name ?? '' })} closeLabel={t('studio.cancel')}>
      <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
        <p className="review-text">{review?.text}</p>
        <Field label={t('producer.moderation.reasonLabel')} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} hint={t('producer.moderation.reasonHint')} />
        {error != null && <ErrorState error={error} />}
        <div className="row">
          <Button type="submit" variant="danger" busy={busy} disabled={!reason.trim()}>
            {t('producer.moderation.hide')}
          </Button>
          <Button variant="ghost" onClick={onClose}>
            {t('studio.cancel')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
