// The live notification socket (`/ws`). One per tab while signed in. The access token goes
// in `Sec-WebSocket-Protocol: bearer, <token>` (never in the URL). After a drop it reconnects
// with `?since_id=<highest id seen>`, so the server replays what was missed (no gaps), and
// ids already seen are dropped (no duplicates). A close with 4401 means the session ended.
import type { components } from './schema';

export type LiveNotification = components['schemas']['NotificationResponse'];
type Listener = (n: LiveNotification) => void;

export interface LiveOptions {
  /** ws(s)://host of the API; defaults to the page's own host. */
  url?: () => string;
  token: () => string | null;
  /** Refreshes the access token after a refused upgrade (expired token). */
  refresh: () => Promise<boolean>;
  socket?: (url: string, protocols: string[]) => WebSocket;
  /** Delay before reconnect attempt `n` (0-based), in ms. */
  backoff?: (n: number) => number;
}

export class LiveNotifications {
  private ws: WebSocket | null = null;
  private lastId = 0;
  private seen = new Set<number>();
  private listeners = new Set<Listener>();
  private stateListeners = new Set<() => void>();
  private retries = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private connected_ = false;

  constructor(private readonly opts: LiveOptions) {}

  get connected(): boolean {
    return this.connected_;
  }

  subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  subscribeState = (l: () => void): (() => void) => {
    this.stateListeners.add(l);
    return () => this.stateListeners.delete(l);
  };

  /** Notifications up to this id are known (e.g. from the list just fetched). */
  seenUpTo(id: number): void {
    if (id > this.lastId) this.lastId = id;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.retries = 0;
    this.open();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onclose = null;
      ws.onmessage = null;
      ws.close(1000);
    }
    this.lastId = 0;
    this.seen.clear();
    this.setConnected(false);
  }

  private setConnected(v: boolean) {
    if (this.connected_ === v) return;
    this.connected_ = v;
    for (const l of this.stateListeners) l();
  }

  private url(): string {
    const base = this.opts.url?.() ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;
    return this.lastId > 0 ? `${base}/ws?since_id=${this.lastId}` : `${base}/ws`;
  }

  private open(): void {
    const token = this.opts.token();
    if (!this.running || !token) return;
    const make = this.opts.socket ?? ((u, p) => new WebSocket(u, p));
    let opened = false;
    let ws: WebSocket;
    try {
      ws = make(this.url(), ['bearer', token]);
    } catch {
      this.retry(false);
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      opened = true;
      this.retries = 0;
      this.setConnected(true);
    };
    ws.onmessage = (e: MessageEvent) => {
      let frame: { type?: string; notification?: LiveNotification };
      try {
        frame = JSON.parse(String(e.data)) as typeof frame;
      } catch {
        return;
      }
      const n = frame.notification;
      if (frame.type !== 'notification' || !n || typeof n.id !== 'number') return;
      if (this.seen.has(n.id)) return;
      this.seen.add(n.id);
      if (n.id > this.lastId) this.lastId = n.id;
      for (const l of this.listeners) l(n);
    };
    ws.onclose = (e: CloseEvent) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.setConnected(false);
      if (e.code === 4401) {
        this.running = false;
        return;
      }
      this.retry(!opened);
    };
  }

  private retry(refused: boolean): void {
    if (!this.running) return;
    const n = this.retries++;
    const delay = this.opts.backoff?.(n) ?? Math.min(30_000, 1_000 * 2 ** Math.min(n, 5));
    this.timer = setTimeout(() => {
      this.timer = null;
      // A refused upgrade is most often an expired access token: refresh it first.
      if (refused) void this.opts.refresh().then(() => this.open());
      else this.open();
    }, delay);
  }
}
