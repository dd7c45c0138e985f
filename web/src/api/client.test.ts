import { describe, expect, it } from 'vitest';
import { createApi, unwrap } from './client';
import { ApiError, NetworkError, parseRetryAfter } from './errors';
import { envelope, fakeServer, json } from '../test/helpers';

const user = { user_id: 1, full_name: 'A', role: 'student', is_active: true, created_at: '2026-01-01T00:00:00Z' };

describe('the API client', () => {
  it('refreshes once for concurrent 401 token_expired answers and replays each request', async () => {
    let refreshes = 0;
    // The server accepts only the token a refresh hands out.
    const valid = 'new';
    const server = fakeServer(async (req) => {
      const url = new URL(req.url);
      if (url.pathname === '/api/v1/auth/refresh') {
        refreshes += 1;
        expect(req.headers.get('X-Session-Transport')).toBe('cookie');
        await new Promise((r) => setTimeout(r, 10));
        return json({ access_token: 'new', token_type: 'bearer', user });
      }
      if (req.headers.get('Authorization') !== `Bearer ${valid}`) {
        return envelope(401, 'token_expired', 'the access token has expired');
      }
      const body = req.method === 'POST' ? await req.json() : null;
      return json({ path: url.pathname, body });
    });
    const api = createApi({ baseUrl: 'http://localhost', fetch: server.fetch });
    api.session.signIn('old', user);
    const [a, b, c] = await Promise.all([
      unwrap(api.client.GET('/api/v1/auth/me')),
      unwrap(api.client.GET('/api/v1/dashboard/my-courses')),
      unwrap(api.client.POST('/api/v1/quizzes/answers/check', { body: { lesson_id: 1, question_id: 'q', answer_id: 'a' } })),
    ]);
    expect(refreshes).toBe(1);
    expect(a).toMatchObject({ path: '/api/v1/auth/me' });
    expect(b).toMatchObject({ path: '/api/v1/dashboard/my-courses' });
    // The replayed POST carries its body again.
    expect(c).toMatchObject({ body: { lesson_id: 1, question_id: 'q', answer_id: 'a' } });
    expect(api.session.accessToken).toBe('new');
  });

  it('logs out with a reason when the refresh token was reused', async () => {
    const server = fakeServer((req) =>
      new URL(req.url).pathname === '/api/v1/auth/refresh'
        ? envelope(401, 'refresh_token_reused', 'reused')
        : envelope(401, 'token_expired', 'expired'),
    );
    const api = createApi({ baseUrl: 'http://localhost', fetch: server.fetch });
    let ended = 0;
    api.session.onSessionEnd(() => (ended += 1));
    api.session.signIn('old', user);
    await expect(unwrap(api.client.GET('/api/v1/auth/me'))).rejects.toMatchObject({ status: 401, code: 'token_expired' });
    expect(api.session.status).toBe('anonymous');
    expect(api.session.endReason).toBe('reused');
    expect(api.session.accessToken).toBeNull();
    expect(ended).toBe(1);
  });

  it('does not refresh on other 401s', async () => {
    const server = fakeServer(() => envelope(401, 'invalid_credentials', 'incorrect login or password'));
    const api = createApi({ baseUrl: 'http://localhost', fetch: server.fetch });
    api.session.signIn('t', user);
    await expect(unwrap(api.client.POST('/api/v1/auth/login', { body: { email: 'a@b.c', password: 'x' } }))).rejects.toMatchObject({
      code: 'invalid_credentials',
      message: 'incorrect login or password',
    });
    expect(server.requests.map((r) => new URL(r.url).pathname)).toEqual(['/api/v1/auth/login']);
  });

  it('sends the token and the UI language, and turns the envelope into a typed error', async () => {
    const server = fakeServer(() =>
      envelope(422, 'validation_failed', 'some fields are invalid', {
        fields: [
          { field: 'email', message: 'is not a valid e-mail address' },
          { field: 'password', message: 'must be at least 8 characters long' },
        ],
      }),
    );
    const api = createApi({ baseUrl: 'http://localhost', fetch: server.fetch, language: () => 'ru, en;q=0.5' });
    api.session.signIn('tok', user);
    const err = await unwrap(api.client.POST('/api/v1/auth/register', { body: { email: 'x', password: 'y' } })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).fieldErrors).toEqual({ email: 'is not a valid e-mail address', password: 'must be at least 8 characters long' });
    const sent = server.requests[0]!;
    expect(sent.headers.get('Authorization')).toBe('Bearer tok');
    expect(sent.headers.get('Accept-Language')).toBe('ru, en;q=0.5');
  });

  it('reads Retry-After from a 429', async () => {
    const server = fakeServer(() => envelope(429, 'rate_limited', 'too many requests', null, { 'Retry-After': '7' }));
    const api = createApi({ baseUrl: 'http://localhost', fetch: server.fetch });
    const err = (await unwrap(api.client.POST('/api/v1/auth/login', { body: { email: 'a@b.c', password: 'x' } })).catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(429);
    expect(err.retryAfter).toBe(7);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(5);
  });

  it('reports a lost connection and clears it on the next answer', async () => {
    let online = false;
    const server = fakeServer(() => {
      if (!online) throw new TypeError('Failed to fetch');
      return json([]);
    });
    const api = createApi({ baseUrl: 'http://localhost', fetch: server.fetch });
    await expect(unwrap(api.client.GET('/api/v1/courses/tags'))).rejects.toBeInstanceOf(NetworkError);
    expect(api.connection.isLost).toBe(true);
    online = true;
    await unwrap(api.client.GET('/api/v1/courses/tags'));
    expect(api.connection.isLost).toBe(false);
  });

  it('restores a session from the refresh cookie, once, however many callers ask', async () => {
    let calls = 0;
    const server = fakeServer(() => {
      calls += 1;
      return json({ access_token: 'restored', token_type: 'bearer', user });
    });
    const api = createApi({ baseUrl: 'http://localhost', fetch: server.fetch });
    expect(api.session.status).toBe('restoring');
    const results = await Promise.all([api.session.refresh(), api.session.refresh()]);
    expect(results).toEqual([true, true]);
    expect(calls).toBe(1);
    expect(api.session.status).toBe('authenticated');
    expect(api.session.user?.full_name).toBe('A');
  });
});
