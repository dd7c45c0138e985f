import { describe, expect, it } from 'vitest';
import { Session, type CrossTabLock } from './session';

const user = { user_id: 1, full_name: 'A', role: 'student', is_active: true, created_at: '2026-01-01T00:00:00Z' };

/**
 * One browser: a cookie jar both tabs share, and a server that rotates the refresh cookie
 * on every refresh and, like the real one, revokes the session when a rotated cookie is
 * used again. Each request reads the jar when it is sent, as a browser does.
 */
function browser() {
  let cookie = 'r0';
  let issued = 0;
  const revoked = new Set<string>();
  let familyRevoked = false;
  const fetchFn = (async () => {
    const sent = cookie;
    await new Promise((r) => setTimeout(r, 15));
    if (familyRevoked || revoked.has(sent)) {
      familyRevoked = true;
      return new Response(JSON.stringify({ error: { code: 'refresh_token_reused', message: 'reused' } }), { status: 401 });
    }
    revoked.add(sent);
    issued += 1;
    cookie = `r${issued}`;
    return new Response(JSON.stringify({ access_token: `a${issued}`, user }), { status: 200 });
  }) as typeof fetch;
  return { fetchFn, revoked: () => familyRevoked };
}

/** navigator.locks as one origin's tabs see it: one holder at a time, in request order. */
function sharedLock(): CrossTabLock {
  let tail: Promise<unknown> = Promise.resolve();
  return <T,>(_name: string, fn: () => Promise<T>) => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

describe('the refresh across tabs', () => {
  it('two tabs refreshing at once both stay signed in when the refresh is serialised', async () => {
    const b = browser();
    const lock = sharedLock();
    const tab1 = new Session(b.fetchFn, 'http://localhost', lock);
    const tab2 = new Session(b.fetchFn, 'http://localhost', lock);
    const [one, two] = await Promise.all([tab1.refresh(), tab2.refresh()]);
    expect([one, two]).toEqual([true, true]);
    expect(b.revoked()).toBe(false);
    expect(tab1.status).toBe('authenticated');
    expect(tab2.status).toBe('authenticated');
    expect(tab1.accessToken).not.toBe(tab2.accessToken);
  });

  it('without the lock the same race looks like a stolen token and ends the session', async () => {
    const b = browser();
    const noLock: CrossTabLock = (_n, fn) => fn();
    const tab1 = new Session(b.fetchFn, 'http://localhost', noLock);
    const tab2 = new Session(b.fetchFn, 'http://localhost', noLock);
    const results = await Promise.all([tab1.refresh(), tab2.refresh()]);
    expect(results).toContain(false);
    expect(b.revoked()).toBe(true);
  });
});
