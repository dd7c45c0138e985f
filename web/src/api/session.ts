// The session: the access token lives in this object's memory and nowhere else. The refresh
// token is an HttpOnly cookie the server sets on /api/v1/auth (X-Session-Transport: cookie),
// so page scripts never see it. A reload restores the session by calling refresh once.
import { broadcastLock, type ChannelLike } from './broadcastLock';
import type { components } from './schema';

export type User = components['schemas']['UserResponse'];
export type SessionStatus = 'restoring' | 'anonymous' | 'authenticated';
/** Why the session ended without the user asking (shown once on the login page). */
export type EndReason = 'reused' | 'expired' | null;

export const SESSION_HEADER = { 'X-Session-Transport': 'cookie' } as const;

type Listener = () => void;

/** Runs `fn` while holding the named lock, across every tab of this origin. */
export type CrossTabLock = <T>(name: string, fn: () => Promise<T>) => Promise<T>;

/**
 * The Web Locks API (every current browser): two tabs refreshing at once take turns, so
 * the second sends the cookie the first one's refresh just rotated — never the old one,
 * which the server would take for a stolen token and revoke the whole session. Where the
 * API is missing, tabs agree over a BroadcastChannel instead and the waiting tab uses the
 * first one's result (`broadcastLock`); with neither, the refresh runs unserialised.
 */
export function crossTabLock(env: { navigator?: Navigator; BroadcastChannel?: new (name: string) => ChannelLike } = globalThis): CrossTabLock {
  const locks = env.navigator?.locks;
  if (locks) return (name, fn) => locks.request(name, { mode: 'exclusive' }, fn) as Promise<Awaited<ReturnType<typeof fn>>>;
  const Channel = env.BroadcastChannel;
  if (Channel) return broadcastLock({ channel: (name) => new Channel(name) });
  return (_name, fn) => fn();
}

/** The lock this page uses (chosen once, on first use). */
export const webLock: CrossTabLock = (name, fn) => (defaultLock ??= crossTabLock())(name, fn);
let defaultLock: CrossTabLock | undefined;

/** What one refresh came to: plain data, so a tab that waited can take another tab's. */
type RefreshOutcome =
  | { kind: 'ok'; accessToken: string; user: User | null }
  | { kind: 'offline' }
  | { kind: 'refused'; code: string | null };

export const REFRESH_LOCK = 'practicum-session-refresh';

export class Session {
  private token: string | null = null;
  private user_: User | null = null;
  private status_: SessionStatus = 'restoring';
  private endReason_: EndReason = null;
  private inflight: Promise<boolean> | null = null;
  private listeners = new Set<Listener>();
  private onEnd: Array<() => void> = [];

  constructor(
    private readonly fetchFn: typeof fetch,
    private readonly baseUrl = '',
    private readonly lock: CrossTabLock = webLock,
    /** Where the refresh cookie is rotated: the learner's, or the admin console's. */
    private readonly refreshPath = '/api/v1/auth/refresh',
  ) {}

  get accessToken(): string | null {
    return this.token;
  }
  get user(): User | null {
    return this.user_;
  }
  get status(): SessionStatus {
    return this.status_;
  }
  get endReason(): EndReason {
    return this.endReason_;
  }

  subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  /** Runs when the session ends (logout, reuse detected): the app clears its caches. */
  onSessionEnd(cb: () => void): void {
    this.onEnd.push(cb);
  }

  private emit() {
    for (const l of this.listeners) l();
  }

  /** Stores what login, sign-up or refresh answered. */
  signIn(accessToken: string, user: User | null): void {
    this.token = accessToken;
    if (user) this.user_ = user;
    this.status_ = 'authenticated';
    this.endReason_ = null;
    this.emit();
  }

  setUser(user: User): void {
    this.user_ = user;
    this.emit();
  }

  /** Forgets everything held in memory; listeners clear caches. */
  end(reason: EndReason = null): void {
    const wasIn = this.status_ === 'authenticated';
    this.token = null;
    this.user_ = null;
    this.status_ = 'anonymous';
    this.endReason_ = reason;
    if (wasIn || reason) for (const cb of this.onEnd) cb();
    this.emit();
  }

  clearEndReason(): void {
    if (this.endReason_ !== null) {
      this.endReason_ = null;
      this.emit();
    }
  }

  /**
   * Single-flight refresh: concurrent callers share one request, so a burst of 401s
   * rotates the refresh cookie once (a second rotation with the old cookie would look
   * like theft and revoke the family). Across tabs the same holds through a shared lock.
   */
  refresh(): Promise<boolean> {
    if (!this.inflight) {
      this.inflight = this.lock(`${REFRESH_LOCK}:${this.refreshPath}`, () => this.fetchRefresh())
        .then((outcome) => this.apply(outcome))
        .finally(() => {
          this.inflight = null;
        });
    }
    return this.inflight;
  }

  private async fetchRefresh(): Promise<RefreshOutcome> {
    let res: Response;
    try {
      res = await this.fetchFn(
        new Request(`${this.baseUrl}${this.refreshPath}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...SESSION_HEADER },
          body: '{}',
          credentials: 'same-origin',
        }),
      );
    } catch {
      return { kind: 'offline' };
    }
    if (res.ok) {
      const body = (await res.json()) as { access_token: string; user?: User | null };
      return { kind: 'ok', accessToken: body.access_token, user: body.user ?? null };
    }
    try {
      return { kind: 'refused', code: ((await res.json()) as { error?: { code?: string } }).error?.code ?? null };
    } catch {
      return { kind: 'refused', code: null };
    }
  }

  private apply(outcome: RefreshOutcome): boolean {
    switch (outcome.kind) {
      case 'ok':
        this.signIn(outcome.accessToken, outcome.user);
        return true;
      case 'offline':
        // Keep what we have; the caller shows the connection banner.
        if (this.status_ === 'restoring') {
          this.status_ = 'anonymous';
          this.emit();
        }
        return false;
      case 'refused':
        if (outcome.code === 'refresh_token_reused') this.end('reused');
        else if (this.status_ === 'authenticated') this.end('expired');
        else this.end(null);
        return false;
    }
  }
}
