// The cross-tab refresh where the Web Locks API is missing (older Safari, some embedded
// browsers): tabs of one origin agree over a BroadcastChannel which of them runs the
// refresh; the others wait for its result and use it instead of sending the refresh cookie
// themselves (the cookie the first refresh rotated would be taken for a stolen one).
//
// Agreement: each tab listens on the channel from the moment its lock is made, and a tab
// that wants the lock posts a claim on a second channel object, so it receives its own
// claim too. A channel delivers messages to every listener in one order, so the claims that
// arrive before a tab's own are ahead of it: the first claim in that order wins. A tab
// already running answers every new claim ("running"), so a tab opened later waits too. If
// the winner goes away (tab closed) or fails, a waiting tab runs `fn` itself after
// `timeoutMs`.

/** What the fallback needs of BroadcastChannel (the DOM's, or Node's in tests). */
export interface ChannelLike {
  postMessage(message: unknown): void;
  close(): void;
  onmessage: ((event: MessageEvent) => void) | null;
  /** Node's: lets a process (a test run) exit while the channel is open. */
  unref?: () => void;
}
export type ChannelFactory = (name: string) => ChannelLike;

type Message = { name: string } & (
  | { type: 'claim'; id: string }
  | { type: 'running'; id: string }
  | { type: 'done'; id: string; result: unknown }
  | { type: 'failed'; id: string }
);

export interface BroadcastLockOptions {
  channel: ChannelFactory;
  /** This tab's id (random by default). */
  id?: string;
  /** How long a tab whose claim came back first waits for a running tab's answer. */
  settleMs?: number;
  /** How long a waiting tab trusts the winner before running `fn` itself. */
  timeoutMs?: number;
}

/**
 * A lock whose `fn` runs in one tab at a time, and whose result the tabs that waited share:
 * `fn`'s result must survive structured cloning (plain data).
 */
export function broadcastLock({ channel, id = randomId(), settleMs = 40, timeoutMs = 10_000 }: BroadcastLockOptions) {
  const CHANNEL = 'practicum-lock';
  const rx = channel(CHANNEL);
  rx.unref?.();
  const listeners = new Set<(m: Message) => void>();
  rx.onmessage = (event) => {
    for (const l of listeners) l(event.data as Message);
  };

  return async function lock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const tx = channel(CHANNEL);
    tx.unref?.();
    /** Claims in the order the channel delivered them (this tab's own included). */
    const order: string[] = [];
    const runners: string[] = [];
    const ended = new Map<string, Message>();
    let running = false;
    let ownClaimBack: (() => void) | null = null;
    /** The winner this tab waits for, once it knows it lost. */
    let leader: string | undefined;
    let settle: ((m: Message) => void) | null = null;
    const winnerId = () => runners.find((r) => !ended.has(r)) ?? order.find((c) => !ended.has(c));
    const listener = (m: Message) => {
      if (m.name !== name) return;
      if (m.type === 'claim') {
        order.push(m.id);
        if (m.id === id) ownClaimBack?.();
        else if (running) tx.postMessage({ name, type: 'running', id } satisfies Message);
      }
      if (m.type === 'running' && m.id !== id) runners.push(m.id);
      if (m.type === 'done' || m.type === 'failed') {
        ended.set(m.id, m);
        if (m.id === leader) settle?.(m);
      }
    };
    listeners.add(listener);
    try {
      const back = new Promise<void>((r) => (ownClaimBack = r));
      tx.postMessage({ name, type: 'claim', id } satisfies Message);
      await back;
      await sleep(settleMs);
      leader = winnerId();
      if (leader === id) {
        running = true;
        try {
          const result = await fn();
          tx.postMessage({ name, type: 'done', id, result } satisfies Message);
          return result;
        } catch (e) {
          tx.postMessage({ name, type: 'failed', id } satisfies Message);
          throw e;
        }
      }
      const outcome = await new Promise<Message | null>((resolve) => {
        const already = ended.get(leader ?? '');
        if (already) return resolve(already);
        settle = resolve;
        setTimeout(() => resolve(null), timeoutMs);
      });
      if (outcome?.type === 'done') return outcome.result as T;
      return await fn();
    } finally {
      listeners.delete(listener);
      tx.close();
    }
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function randomId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
}
