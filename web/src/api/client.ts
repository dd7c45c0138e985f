// The one API client. Every call goes through `authFetch`, which
//  - sends the in-memory access token and the UI language (Accept-Language),
//  - asks for the cookie session transport on /auth routes,
//  - on 401 `token_expired` refreshes once (single-flight, shared by concurrent calls) and
//    replays the request with the new token,
//  - reports network failures to the connection banner,
// and `unwrap` turns every non-2xx answer into a typed ApiError (message, field errors,
// Retry-After).
import createClient from 'openapi-fetch';
import { apiErrorFromBody, NetworkError } from './errors';
import type { paths } from './schema';
import { Connection } from './connection';
import { LiveNotifications } from './live';
import { Session, SESSION_HEADER, type CrossTabLock } from './session';

export interface ApiOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
  language?: () => string;
  /** Where the live socket connects (ws://host); defaults to the page's host. */
  liveUrl?: () => string;
  socket?: (url: string, protocols: string[]) => WebSocket;
  /** Serialises the refresh across tabs; defaults to the Web Locks API. */
  lock?: CrossTabLock;
  /**
   * The session's routes: the refresh route, and the path prefixes that ask for the cookie
   * transport. The learner's by default; the admin console passes its own (`/admin/login`,
   * `/admin/session/…`), so its session is a separate cookie and a separate token.
   */
  sessionRoutes?: { refresh: string; cookiePrefixes: string[] };
}

const LEARNER_SESSION = { refresh: '/api/v1/auth/refresh', cookiePrefixes: ['/api/v1/auth/'] };

export function createApi(opts: ApiOptions = {}) {
  const baseUrl = opts.baseUrl ?? '';
  const rawFetch: typeof fetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const language = opts.language ?? (() => 'en');
  const routes = opts.sessionRoutes ?? LEARNER_SESSION;
  const connection = new Connection();
  const session = new Session(async (input, init) => {
    try {
      const res = await rawFetch(input, init);
      connection.set(false);
      return res;
    } catch (e) {
      connection.set(true);
      throw e;
    }
  }, baseUrl, opts.lock, routes.refresh);

  async function send(req: Request): Promise<Response> {
    const headers = new Headers(req.headers);
    const token = session.accessToken;
    if (token && !headers.has('Authorization')) headers.set('Authorization', `Bearer ${token}`);
    // A call may ask for one language on purpose (the studio's translation editor).
    if (!headers.has('Accept-Language')) headers.set('Accept-Language', language());
    const path = new URL(req.url, 'http://x').pathname;
    if (routes.cookiePrefixes.some((p) => path.startsWith(p))) {
      for (const [k, v] of Object.entries(SESSION_HEADER)) headers.set(k, v);
    }
    try {
      const res = await rawFetch(new Request(req, { headers, credentials: 'same-origin' }));
      connection.set(false);
      return res;
    } catch (e) {
      if ((e as { name?: string })?.name === 'AbortError') throw e;
      connection.set(true);
      throw new NetworkError(e);
    }
  }

  async function authFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const req = input instanceof Request && !init ? input : new Request(input, init);
    const hadToken = session.accessToken;
    // Keep an unread copy of the body for the one replay after a refresh.
    const replay = hadToken ? req.clone() : null;
    const res = await send(req);
    if (res.status !== 401 || !replay) return res;
    let code: string | undefined;
    try {
      code = ((await res.clone().json()) as { error?: { code?: string } }).error?.code;
    } catch {
      code = undefined;
    }
    if (code !== 'token_expired') return res;
    // Another call may have refreshed already while this one was in flight.
    const fresh = session.accessToken !== hadToken || (await session.refresh());
    if (!fresh || !session.accessToken) return res;
    return send(replay);
  }

  const client = createClient<paths>({ baseUrl, fetch: authFetch });
  const live = new LiveNotifications({
    url: opts.liveUrl,
    token: () => session.accessToken,
    refresh: () => session.refresh(),
    socket: opts.socket,
  });
  session.onSessionEnd(() => live.stop());
  return { client, session, connection, live, fetch: authFetch };
}

export type Api = ReturnType<typeof createApi>;
export type Client = Api['client'];

/**
 * Unwraps an openapi-fetch result: the data on success, a typed ApiError otherwise.
 * `await unwrap(api.GET('/api/v1/courses', {...}))`.
 */
export async function unwrap<T>(
  p: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let r: { data?: T; error?: unknown; response: Response };
  try {
    r = await p;
  } catch (e) {
    if (e instanceof NetworkError) throw e;
    if ((e as { name?: string })?.name === 'AbortError') throw e;
    throw new NetworkError(e);
  }
  if (r.response.ok) return r.data as T;
  throw apiErrorFromBody(r.response.status, r.error, r.response.headers.get('retry-after'));
}
