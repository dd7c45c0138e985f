import type { LiveNotification } from '../../api/live';

export interface NotificationList {
  items: LiveNotification[];
  total: number;
  page: number;
  page_size: number;
}

/**
 * Puts a live notification into the first page of the list: newest first by id, never
 * twice (a replay after a reconnect may repeat one the list already has), the page kept
 * to its size. Returns the same object when nothing changed.
 */
export function mergeNotification(list: NotificationList | undefined, n: LiveNotification): NotificationList | undefined {
  if (!list) return list;
  if (list.items.some((i) => i.id === n.id)) return list;
  const items = [...list.items, n].sort((a, b) => b.id - a.id).slice(0, list.page_size);
  return { ...list, items, total: list.total + 1 };
}
