import { describe, expect, it, vi } from 'vitest';
import { mergeNotification, type NotificationList } from '../features/notifications/merge';
import { LiveNotifications, type LiveNotification } from './live';

/** A scripted WebSocket: the test opens, sends frames and closes it as the server would. */
class FakeSocket {
  static made: FakeSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.made.push(this);
  }
  open() {
    this.onopen?.();
  }
  send(n: LiveNotification) {
    this.onmessage?.({ data: JSON.stringify({ type: 'notification', notification: n }) });
  }
  drop(code = 1006) {
    this.onclose?.({ code });
  }
  close() {}
}

const note = (id: number): LiveNotification => ({ id, kind: 'course_published', payload: { title: `c${id}` } as unknown as LiveNotification['payload'], created_at: '2026-01-01T00:00:00Z', read_at: null });

function setup() {
  FakeSocket.made = [];
  const refresh = vi.fn(async () => true);
  const live = new LiveNotifications({
    url: () => 'ws://test',
    token: () => 'tok',
    refresh,
    socket: (u, p) => new FakeSocket(u, p) as unknown as WebSocket,
    backoff: () => 0,
  });
  let list: NotificationList | undefined = { items: [note(2), note(1)], total: 2, page: 1, page_size: 20 };
  live.subscribe((n) => {
    list = mergeNotification(list, n);
  });
  return { live, refresh, ids: () => list?.items.map((i) => i.id), total: () => list?.total };
}

describe('live notifications', () => {
  it('reconnects from the newest id seen, so missed ones are replayed once and repeats are dropped', async () => {
    const { live, ids, total } = setup();
    live.seenUpTo(2);
    live.start();
    const first = FakeSocket.made[0]!;
    expect(first.url).toBe('ws://test/ws?since_id=2');
    expect(first.protocols).toEqual(['bearer', 'tok']);
    first.open();
    first.send(note(3));
    first.send(note(3)); // the same frame twice
    expect(ids()).toEqual([3, 2, 1]);

    // The connection drops; notes 4 and 5 are created meanwhile.
    first.drop();
    await vi.waitFor(() => expect(FakeSocket.made).toHaveLength(2));
    const second = FakeSocket.made[1]!;
    expect(second.url).toBe('ws://test/ws?since_id=3');
    second.open();
    // The server replays from since_id; an overlap (3) must not show twice.
    second.send(note(3));
    second.send(note(5));
    second.send(note(4));
    expect(ids()).toEqual([5, 4, 3, 2, 1]);
    expect(total()).toBe(5);
    live.stop();
  });

  it('refreshes the token after a refused upgrade, and stops for good when the session ended (4401)', async () => {
    const { live, refresh } = setup();
    live.start();
    FakeSocket.made[0]!.drop(1006); // never opened: the upgrade was refused
    await vi.waitFor(() => expect(FakeSocket.made).toHaveLength(2));
    expect(refresh).toHaveBeenCalledTimes(1);
    const s = FakeSocket.made[1]!;
    s.open();
    s.drop(4401);
    await new Promise((r) => setTimeout(r, 20));
    expect(FakeSocket.made).toHaveLength(2);
  });

  it('keeps the list page to its size and ignores a notification it already has', () => {
    const full: NotificationList = { items: [note(3), note(2)], total: 7, page: 1, page_size: 2 };
    expect(mergeNotification(full, note(2))).toBe(full);
    expect(mergeNotification(full, note(4))?.items.map((i) => i.id)).toEqual([4, 3]);
    expect(mergeNotification(full, note(4))?.total).toBe(8);
  });
});
