import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../../api/context';
import { describe } from '../describe';
import { useLiveNotifications, useUnreadCount } from '../hooks';
import '../notifications.css';

/** The header's bell: the unread count, kept live; each new notification is announced once. */
export function NotificationBell() {
  const { t } = useTranslation();
  const { live } = useApi();
  useLiveNotifications(true);
  const unread = useUnreadCount(true);
  const [announce, setAnnounce] = useState('');
  useEffect(() => live.subscribe((n) => setAnnounce(describe(n, t).text)), [live, t]);
  const count = unread.data ?? 0;
  return (
    <>
      <Link className="btn btn-ghost bell" to="/notifications" aria-label={t('notifications.bellLabel', { count })}>
        <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
          <path d="M13.7 21a2 2 0 0 1-3.4 0" />
        </svg>
        {count > 0 && (
          <span className="bell-count" aria-hidden="true">
            {count > 99 ? '99+' : count}
          </span>
        )}
      </Link>
      <span className="visually-hidden" role="status" aria-live="polite">
        {announce}
      </span>
    </>
  );
}
