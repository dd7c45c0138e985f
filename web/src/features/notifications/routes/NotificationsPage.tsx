import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, EmptyState, ErrorState, Notice, Pagination, Skeleton, errorMessage } from '../../../ui';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { describe } from '../describe';
import { PAGE_SIZE, useMarkAllRead, useMarkRead, useNotificationPage, useUnreadCount } from '../hooks';
import '../notifications.css';

export default function NotificationsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('notifications.title'));
  const [page, setPage] = useState(1);
  const list = useNotificationPage(page);
  const unread = useUnreadCount(true);
  const markAll = useMarkAllRead();
  const mark = useMarkRead();
  const when = (iso: string) => new Date(iso).toLocaleString();
  return (
    <>
      <div className="page-head">
        <h1>{t('notifications.title')}</h1>
        <Button variant="secondary" disabled={(unread.data ?? 0) === 0} busy={markAll.isPending} onClick={() => markAll.mutate()}>
          {t('notifications.markAll')}
        </Button>
      </div>
      {markAll.isError && <Notice kind="error">{errorMessage(markAll.error, t)}</Notice>}
      {mark.isError && <Notice kind="error">{errorMessage(mark.error, t)}</Notice>}
      {list.isPending && <Skeleton lines={5} />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && list.data.items.length === 0 && <EmptyState title={t('notifications.empty')} />}
      {list.data && list.data.items.length > 0 && (
        <ul className="plain-list notification-list">
          {list.data.items.map((n) => {
            const d = describe(n, t);
            return (
              <li key={n.id} className={`card notification${n.read_at ? '' : ' notification-unread'}`}>
                <div className="notification-text">
                  {!n.read_at && <span className="badge">{t('notifications.new')}</span>} {d.to ? <Link to={d.to}>{d.text}</Link> : d.text}
                  <div className="muted notification-time">
                    <time dateTime={n.created_at}>{when(n.created_at)}</time>
                  </div>
                </div>
                {!n.read_at && (
                  <Button variant="ghost" busy={mark.isPending && mark.variables === n.id} onClick={() => mark.mutate(n.id)} aria-label={t('notifications.markOneLabel', { text: d.text })}>
                    {t('notifications.markOne')}
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {list.data && <Pagination page={page} pageSize={PAGE_SIZE} total={list.data.total} onPage={setPage} />}
    </>
  );
}
