import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from '../../../api/schema';
import { useSession } from '../../../api/context';
import { Button, Dialog, EmptyState, ErrorState, Notice, Pagination, Skeleton, TextAreaField, errorMessage, useFormErrors } from '../../../ui';
import { formatDate } from '../../../lib/format';
import { REVIEW_PAGE_SIZE, useCreateReview, useDeleteReview, useMyReview, useReplies, useReviews, useUpdateReview } from '../hooks';
import '../community.css';

type Review = components['schemas']['ReviewResponse'];

export function CourseReviews({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const { status, user } = useSession();
  const [page, setPage] = useState(1);
  const reviews = useReviews(slug, page);
  const mine = useMyReview(slug, status === 'authenticated' ? user?.user_id : undefined);
  return (
    <section aria-labelledby="reviews-h" className="reviews">
      <h2 id="reviews-h">{t('reviews.title', { count: reviews.data?.total ?? 0 })}</h2>
      {status === 'authenticated' && !mine.isPending && <MyReview slug={slug} review={mine.data ?? null} />}
      {reviews.isPending && <Skeleton lines={4} />}
      {reviews.isError && <ErrorState error={reviews.error} onRetry={() => void reviews.refetch()} />}
      {reviews.data && reviews.data.items.length === 0 && <EmptyState title={t('reviews.empty')} />}
      {reviews.data && reviews.data.items.length > 0 && (
        <ul className="plain-list stack">
          {reviews.data.items.map((r) => (
            <li key={r.review_id}>
              <ReviewItem review={r} mine={r.user_id === user?.user_id} />
            </li>
          ))}
        </ul>
      )}
      {reviews.data && <Pagination page={page} pageSize={REVIEW_PAGE_SIZE} total={reviews.data.total} onPage={setPage} />}
    </section>
  );
}

function Stars({ rating }: { rating: number }) {
  const { t } = useTranslation();
  return (
    <span className="stars" role="img" aria-label={t('reviews.stars', { rating })}>
      {'★'.repeat(rating)}
      <span className="stars-off">{'★'.repeat(Math.max(0, 5 - rating))}</span>
    </span>
  );
}

function ReviewItem({ review, mine }: { review: Review; mine: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const replies = useReplies(review.review_id, open);
  return (
    <article className="card review" aria-label={t('reviews.by', { name: review.author_name })}>
      <header className="row">
        <strong>{review.author_name}</strong>
        <Stars rating={review.rating} />
        <span className="muted">{formatDate(review.created_at)}</span>
        {mine && <span className="badge">{t('reviews.yours')}</span>}
      </header>
      {review.text && <p className="review-text">{review.text}</p>}
      {review.reply_count > 0 && (
        <Button variant="ghost" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {open ? t('reviews.hideReplies') : t('reviews.showReplies', { count: review.reply_count })}
        </Button>
      )}
      {open && (
        <div className="replies">
          {replies.isPending && <Skeleton lines={2} />}
          {replies.isError && <ErrorState error={replies.error} onRetry={() => void replies.refetch()} />}
          {replies.data && (
            <ul className="plain-list">
              {replies.data.items.map((r) => (
                <li key={r.reply_id} className="reply">
                  <strong>{r.author_name}</strong> <span className="muted">{formatDate(r.created_at)}</span>
                  <p>{r.text}</p>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </article>
  );
}

/** Write a review, or edit / delete the one already written. */
function MyReview({ slug, review }: { slug: string; review: Review | null }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const del = useDeleteReview(slug);
  if (review && !editing) {
    return (
      <div className="card my-review">
        <h3>{t('reviews.yourReview')}</h3>
        <p className="row">
          <Stars rating={review.rating} />
        </p>
        {review.text && <p className="review-text">{review.text}</p>}
        {del.isError && <Notice kind="error">{errorMessage(del.error, t)}</Notice>}
        <div className="row">
          <Button variant="secondary" onClick={() => setEditing(true)}>
            {t('reviews.edit')}
          </Button>
          <Button variant="danger" busy={del.isPending} onClick={() => setConfirming(true)}>
            {t('reviews.delete')}
          </Button>
        </div>
        <Dialog open={confirming} onClose={() => setConfirming(false)} title={t('reviews.confirmDelete')} closeLabel={t('reviews.cancel')}>
          <p>{t('reviews.confirmDeleteBody')}</p>
          <div className="row">
            <Button
              variant="danger"
              onClick={() => {
                setConfirming(false);
                del.mutate(review.review_id);
              }}
            >
              {t('reviews.delete')}
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              {t('reviews.cancel')}
            </Button>
          </div>
        </Dialog>
      </div>
    );
  }
  return <ReviewForm slug={slug} review={review} onDone={() => setEditing(false)} />;
}

function ReviewForm({ slug, review, onDone }: { slug: string; review: Review | null; onDone: () => void }) {
  const { t } = useTranslation();
  const [rating, setRating] = useState(review?.rating ?? 0);
  const [text, setText] = useState(review?.text ?? '');
  const [ratingMissing, setRatingMissing] = useState(false);
  const create = useCreateReview(slug);
  const update = useUpdateReview(slug);
  const errors = useFormErrors();
  const busy = create.isPending || update.isPending;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    if (rating < 1) {
      setRatingMissing(true);
      return;
    }
    setRatingMissing(false);
    const opts = { onSuccess: onDone, onError: errors.fail };
    if (review) update.mutate({ id: review.review_id, rating, text }, opts);
    else create.mutate({ rating, text }, opts);
  };
  const ratingError = ratingMissing ? t('reviews.pickRating') : errors.fields.rating;
  return (
    <form className="card review-form" onSubmit={submit} noValidate aria-labelledby="review-form-h">
      <h3 id="review-form-h">{review ? t('reviews.editTitle') : t('reviews.write')}</h3>
      <fieldset aria-describedby={ratingError ? 'rating-err' : undefined}>
        <legend>{t('reviews.rating')}</legend>
        <div className="rating-input">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n}>
              <input type="radio" name="rating" value={n} checked={rating === n} onChange={() => setRating(n)} />
              <span>{t('reviews.starsShort', { count: n })}</span>
            </label>
          ))}
        </div>
        {ratingError && (
          <p id="rating-err" className="field-error">
            {ratingError}
          </p>
        )}
      </fieldset>
      <TextAreaField label={t('reviews.text')} name="text" value={text} maxLength={5000} onChange={(e) => setText(e.target.value)} error={errors.fields.text} />
      {errors.form != null && <Notice kind="error">{errorMessage(errors.form, t)}</Notice>}
      <div className="row">
        <Button type="submit" busy={busy}>
          {review ? t('reviews.save') : t('reviews.publish')}
        </Button>
        {review && (
          <Button variant="ghost" onClick={onDone}>
            {t('reviews.cancel')}
          </Button>
        )}
      </div>
    </form>
  );
}
