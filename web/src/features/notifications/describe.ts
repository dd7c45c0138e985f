import type { TFunction } from 'i18next';
import type { LiveNotification } from '../../api/live';

/** A notification in words, and where it leads. */
export function describe(n: LiveNotification, t: TFunction): { text: string; to: string | null } {
  const p = (n.payload ?? {}) as Record<string, unknown>;
  const str = (k: string) => (typeof p[k] === 'string' ? (p[k] as string) : '');
  switch (n.kind) {
    case 'approval_decided':
      return p.approved === true
        ? { text: t('notifications.kinds.approved'), to: '/track' }
        : { text: t('notifications.kinds.rejected', { reason: str('reason') || '—' }), to: '/track' };
    case 'exam_graded':
      return {
        text: t(p.passed === true ? 'notifications.kinds.examPassed' : 'notifications.kinds.examFailed', {
          exam: t(p.exam === 'rank_final' ? 'notifications.kinds.rankFinal' : 'notifications.kinds.levelExam'),
          pct: typeof p.percentage === 'number' ? p.percentage : 0,
        }),
        to: '/track',
      };
    case 'course_published':
      return { text: t('notifications.kinds.coursePublished', { title: str('title') }), to: str('slug') ? `/courses/${str('slug')}` : null };
    case 'review_created':
      return {
        text: t('notifications.kinds.reviewCreated', { rating: typeof p.rating === 'number' ? p.rating : '?' }),
        to: str('course_slug') ? `/courses/${str('course_slug')}` : null,
      };
    case 'review_replied':
      return { text: t('notifications.kinds.reviewReplied'), to: str('course_slug') ? `/courses/${str('course_slug')}` : null };
    default:
      return { text: t('notifications.kinds.other', { kind: n.kind }), to: null };
  }
}
