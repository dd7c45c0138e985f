// The cross-tab refresh where the Web Locks API is missing (older Safari, some embedded
// browsers): tabs of one origin agree over a BroadcastChannel which of them runs the
// refresh; the others wait for its result and use it instead of sending the refresh cookie
// themselves (the cookie the first refresh rotated would be taken for a stolen one).
//
// Agreement: a tab that wants the lock posts a claim and listens for a short while; the
// earliest claim (ties: the smaller tab id) wins. A tab already running answers every new
// claim, so a late tab waits too. If the winner goes away (tab closed) or fails, a waiting
// tab runs `fn` itself after `timeoutMs`.

/** What the fallback needs of BroadcastChannel (the DOM's, or Node's in tests). */
export interface ChannelLike {
  postMessage(message: unknown): void;
  close(): void;
  onmessage: ((event: MessageEvent) => void) | null;
}
export type ChannelFactory = (name: string) => ChannelLike;

type Message =
  | { type: 'claim'; id: string; at: number }
  | { type: 'running'; id: string; at: number }
  | { type: 'done'; id: string; result: unknown }
  | { type: 'failed'; id: string };

export interface BroadcastLockOptions {
  channel: ChannelFactory;
  /** This tab's id (random by default). */
  id?: string;
  /** How long a claim waits for competing claims. */
  settleMs?: number;
  /** How long a waiting tab trusts the winner before running `fn` itself. */
  timeoutMs?: number;
}

/**
 * A lock whose `fn` runs in one tab at a time, and whose result the tabs that waited share:
 * `fn`'s result must survive structured cloning (plain data).
 */
export function broadcastLock({ channel, id = randomId(), settleMs = 40, timeoutMs = 10_000 }: BroadcastLockOptions) {
  return async function lock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const ch = channel(`practicum-lock:${name}`);
    const claims = new Map<string, number>();
    let running = false;
    const ended = new Map<string, Message>();
    let settle: ((m: Message) => void) | null = null;
    ch.onmessage = (event) => {
      const m = event.data as Message;
      if (m.type === 'claim' || m.type === 'running') claims.set(m.id, m.at);
      if (m.type === 'claim' && running) ch.postMessage({ type: 'running', id, at: claims.get(id) ?? 0 } satisfies Message);
      if (m.type === 'done' || m.type === 'failed') {
        ended.set(m.id, m);
        if (m.id === winnerId()) settle?.(m);
      }
    };
    const winnerId = () => [...claims].sort(([a, x], [b, y]) => x - y || (a < b ? -1 : 1))[0]?.[0];
    try {
      claims.set(id, Date.now());
      ch.postMessage({ type: 'claim', id, at: claims.get(id) ?? 0 } satisfies Message);
      await sleep(settleMs);
      if (winnerId() === id) {
        running = true;
        try {
          const result = await fn();
          ch.postMessage({ type: 'done', id, result } satisfies Message);
          return result;
        } catch (e) {
          ch.postMessage({ type: 'failed', id } satisfies Message);
          throw e;
        }
      }
      const outcome = await new Promise<Message | null>((resolve) => {
        const already = ended.get(winnerId() ?? '');
        if (already) return resolve(already);
        settle = resolve;
        setTimeout(() => resolve(null), timeoutMs);
      });
      if (outcome?.type === 'done') return outcome.result as T;
      return await fn();
    } finally {
      ch.onmessage = null;
      ch.close();
    }
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function randomId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
}
