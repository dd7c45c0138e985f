import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { unwrap } from '../../api/client';
import { useApi, useClient } from '../../api/context';
import { mergeNotification, type NotificationList } from './merge';

export const PAGE_SIZE = 20;

export const notificationKeys = {
  all: ['notifications'] as const,
  page: (page: number) => ['notifications', 'page', page] as const,
  unread: ['notifications', 'unread'] as const,
};

export function useNotificationPage(page: number) {
  const client = useClient();
  return useQuery({
    queryKey: notificationKeys.page(page),
    queryFn: () => unwrap(client.GET('/api/v1/notifications', { params: { query: { page, page_size: PAGE_SIZE } } })),
  });
}

export function useUnreadCount(enabled: boolean) {
  const client = useClient();
  return useQuery({
    queryKey: notificationKeys.unread,
    queryFn: async () =>
      (await unwrap(client.GET('/api/v1/notifications', { params: { query: { page: 1, page_size: 1, unread_only: true } } }))).total,
    enabled,
  });
}

/**
 * Keeps the list and the unread count live while signed in: the first page is fetched, the
 * socket opens from its newest id (so nothing between the fetch and the socket is lost),
 * and each arriving notification is merged in once.
 */
export function useLiveNotifications(enabled: boolean) {
  const { live } = useApi();
  const qc = useQueryClient();
  const first = useNotificationPage(1);
  const ready = enabled && !first.isPending;
  const newest = first.data?.items[0]?.id ?? 0;
  useEffect(() => {
    if (!ready) return;
    live.seenUpTo(newest);
    // The socket opens when the browser is next idle (at the latest after 2 s), not in the
    // middle of the first screen's work: nothing is lost meanwhile, it resumes from `newest`.
    const idle = whenIdle(() => live.start());
    const off = live.subscribe((n) => {
      qc.setQueryData<NotificationList>(notificationKeys.page(1), (old) => mergeNotification(old, n));
      if (!n.read_at) qc.setQueryData<number>(notificationKeys.unread, (c) => (c ?? 0) + 1);
      // Later pages shift by one: refetch them when opened.
      void qc.invalidateQueries({ queryKey: ['notifications', 'page'], predicate: (q) => q.queryKey[2] !== 1 });
    });
    return () => {
      idle.cancel();
      off();
    };
    // `newest` only seeds the first connection; later changes come through the socket.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, live, qc]);
  useEffect(() => {
    if (!enabled) live.stop();
  }, [enabled, live]);
}

export function useMarkRead() {
  const client = useClient();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(client.POST('/api/v1/notifications/{notification_id}/read', { params: { path: { notification_id: id } } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useMarkAllRead() {
  const client = useClient();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(client.POST('/api/v1/notifications/read-all')),
    onSuccess: () => void qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

function whenIdle(fn: () => void): { cancel: () => void } {
  if (typeof globalThis.requestIdleCallback === 'function') {
    const id = globalThis.requestIdleCallback(fn, { timeout: 2000 });
    return { cancel: () => globalThis.cancelIdleCallback(id) };
  }
  const id = setTimeout(fn, 0);
  return { cancel: () => clearTimeout(id) };
}
