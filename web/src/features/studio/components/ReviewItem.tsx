import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ErrorState, Notice, TextAreaField, useFormErrors } from '../../../ui';
import { formatDate } from '../../../lib/format';
import { useReplies, useReply, type Review } from '../hooks';

/** One review of the teacher's course, its replies, and a reply form in place. */
export function ReviewItem({ review, courseTitle }: { review: Review; courseTitle: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const replies = useReplies(review.review_id, open || review.reply_count > 0);
  const reply = useReply(review.review_id, review.course_slug);
  const errors = useFormErrors();
  const [text, setText] = useState('');
  const [sent, setSent] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    setSent(false);
    try {
      await reply.mutateAsync(text.trim());
      setText('');
      setSent(true);
      setOpen(false);
    } catch (err) {
      errors.fail(err);
    }
  };
  const isNew = review.reply_count === 0;
  return (
    <li className="card stack review-item" aria-labelledby={`rv-${review.review_id}`}>
      <div className="row">
        <h3 id={`rv-${review.review_id}`} className="review-head">
          {t('studio.inbox.by', { name: review.author_name, course: courseTitle })}
        </h3>
        {isNew && <span className="badge badge-new">{t('studio.inbox.new')}</span>}
      </div>
      <p className="row">
        <span role="img" aria-label={t('studio.inbox.rating', { rating: review.rating })}>
          <span aria-hidden="true">{'★'.repeat(review.rating)}{'☆'.repeat(5 - review.rating)}</span>
        </span>
        <span className="muted">{formatDate(review.created_at)}</span>
      </p>
      <p className="review-text">{review.text}</p>
      {replies.data && replies.data.items.length > 0 && (
        <ul className="plain-list replies" aria-label={t('studio.inbox.replies')}>
          {replies.data.items.map((r) => (
            <li key={r.reply_id} className="reply">
              <strong>{r.author_name}</strong> <span className="muted">{formatDate(r.created_at)}</span>
              <p>{r.text}</p>
            </li>
          ))}
        </ul>
      )}
      {replies.isError && <ErrorState error={replies.error} onRetry={() => void replies.refetch()} />}
      {sent && <Notice kind="success">{t('studio.inbox.sent')}</Notice>}
      {open ? (
        <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
          <TextAreaField
            label={t('studio.inbox.yourReply', { name: review.author_name })}
            rows={3}
            value={text}
            autoFocus
            onChange={(e) => setText(e.target.value)}
            error={errors.fields.text}
          />
          {errors.form != null && <ErrorState error={errors.form} />}
          <div className="row">
            <Button type="submit" busy={reply.isPending} disabled={!text.trim()}>
              {t('studio.inbox.send')}
            </Button>
            <Button variant="ghost" onClick={() => setOpen(false)}>
              {t('studio.cancel')}
            </Button>
          </div>
        </form>
      ) : (
        <div>
          <Button variant="secondary" onClick={() => setOpen(true)} aria-label={t('studio.inbox.replyTo', { name: review.author_name })}>
            {t('studio.inbox.reply')}
          </Button>
        </div>
      )}
    </li>
  );
}
