import { BroadcastChannel as NodeBroadcastChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { ChannelLike } from './broadcastLock';
import { crossTabLock, Session, type CrossTabLock } from './session';

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
  return { fetchFn, revoked: () => familyRevoked, refreshes: () => issued };
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

/**
 * A browser without the Web Locks API: each tab builds its lock from what it has
 * (BroadcastChannel; Node's delivers between instances of one process as tabs' do).
 */
function tabWithoutWebLocks(): CrossTabLock {
  const Channel = NodeBroadcastChannel as unknown as new (name: string) => ChannelLike;
  return crossTabLock({ navigator: {} as Navigator, BroadcastChannel: Channel });
}

describe('the refresh across tabs without navigator.locks (BroadcastChannel fallback)', () => {
  it('two tabs refreshing at once send one refresh; the second waits and uses its result', async () => {
    const b = browser();
    const tab1 = new Session(b.fetchFn, 'http://localhost', tabWithoutWebLocks());
    const tab2 = new Session(b.fetchFn, 'http://localhost', tabWithoutWebLocks());
    const [one, two] = await Promise.all([tab1.refresh(), tab2.refresh()]);
    expect([one, two]).toEqual([true, true]);
    expect(b.refreshes()).toBe(1);
    expect(b.revoked()).toBe(false);
    expect(tab1.status).toBe('authenticated');
    expect(tab2.status).toBe('authenticated');
    expect(tab2.accessToken).toBe(tab1.accessToken);
  });

  it('a tab that asks while another is already refreshing waits for that refresh', async () => {
    const b = browser();
    // tab 1's request is held on the wire long enough for tab 2 to ask meanwhile.
    let sent!: () => void;
    const inFlight = new Promise<void>((r) => (sent = r));
    const slow = (async (input: RequestInfo | URL, init?: RequestInit) => {
      sent();
      await new Promise((r) => setTimeout(r, 150));
      return b.fetchFn(input, init);
    }) as typeof fetch;
    const tab1 = new Session(slow, 'http://localhost', tabWithoutWebLocks());
    const tab2 = new Session(slow, 'http://localhost', tabWithoutWebLocks());
    const first = tab1.refresh();
    await inFlight;
    const [one, two] = await Promise.all([first, tab2.refresh()]);
    expect([one, two]).toEqual([true, true]);
    expect(b.refreshes()).toBe(1);
    expect(tab2.accessToken).toBe(tab1.accessToken);
  });

  it('a refresh after the first has finished is a refresh of its own, with the new cookie', async () => {
    const b = browser();
    const tab1 = new Session(b.fetchFn, 'http://localhost', tabWithoutWebLocks());
    const tab2 = new Session(b.fetchFn, 'http://localhost', tabWithoutWebLocks());
    expect(await tab1.refresh()).toBe(true);
    expect(await tab2.refresh()).toBe(true);
    expect(b.refreshes()).toBe(2);
    expect(b.revoked()).toBe(false);
  });
});
