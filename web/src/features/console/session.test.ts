import { describe, expect, it } from 'vitest';
import { createApi, unwrap } from '../../api/client';
import { envelope, fakeServer, json } from '../../test/helpers';
import { ADMIN_SESSION_ROUTES } from './session';

const admin = { user_id: 9, full_name: 'Ada Admin', role: 'admin', is_active: true, created_at: '2026-01-01T00:00:00Z' };

describe("the console's admin session", () => {
  it('asks for the cookie on admin login, refreshes at the admin route, and leaves the learner session alone', async () => {
    const seen: Array<{ path: string; cookie: string | null; auth: string | null }> = [];
    const server = fakeServer(async (req) => {
      const path = new URL(req.url).pathname;
      seen.push({ path, cookie: req.headers.get('X-Session-Transport'), auth: req.headers.get('Authorization') });
      if (path === '/api/v1/admin/login') return json({ access_token: 'admin-1', token_type: 'bearer', expires_in: 900, scope: 'admin', user: admin });
      if (path === '/api/v1/admin/session/refresh') return json({ access_token: 'admin-2', token_type: 'bearer', expires_in: 900, scope: 'admin', user: admin });
      if (req.headers.get('Authorization') !== 'Bearer admin-2') return envelope(401, 'token_expired', 'expired');
      return json({ items: [], total: 0, page: 1, page_size: 20 });
    });
    const learner = createApi({ baseUrl: 'http://localhost', fetch: server.fetch });
    learner.session.signIn('learner-token', { ...admin, role: 'student' });
    const console = createApi({ baseUrl: 'http://localhost', fetch: server.fetch, sessionRoutes: ADMIN_SESSION_ROUTES });

    const r = await unwrap(console.client.POST('/api/v1/admin/login', { body: { email: 'admin@x', password: 'pw-12345678' } }));
    console.session.signIn(r.access_token, r.user);
    // An expired admin token is refreshed with the admin cookie, then the call replayed.
    await unwrap(console.client.GET('/api/v1/admin/jobs', { params: { query: {} } }));

    expect(seen.find((s) => s.path === '/api/v1/admin/login')?.cookie).toBe('cookie');
    expect(seen.filter((s) => s.path === '/api/v1/admin/session/refresh')).toEqual([
      { path: '/api/v1/admin/session/refresh', cookie: 'cookie', auth: null },
    ]);
    expect(seen.some((s) => s.path === '/api/v1/auth/refresh')).toBe(false);
    // Data routes do not ask for the cookie transport.
    expect(seen.filter((s) => s.path === '/api/v1/admin/jobs').every((s) => s.cookie === null)).toBe(true);
    expect(console.session.accessToken).toBe('admin-2');
    expect(learner.session.accessToken).toBe('learner-token');
  });
});
