// What the adaptive journey needs from the API as an admin: the demo track's answer key
// (to pass or fail exams on purpose) and the approval of a pending rank change.
import { expect, type Locator, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from './support';

export async function adminToken(base: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/admin/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin@practicum.example', password: DEMO_PASSWORD }),
  });
  expect(res.status, 'admin login').toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

export interface Key {
  right: string;
  wrong: string;
}

/** Question text → its right and one wrong option, for every question of the demo track. */
export async function answerKey(base: string, token: string, slug = 'ml-engineer'): Promise<Map<string, Key>> {
  const key = new Map<string, Key>();
  for (let page = 1; ; page++) {
    const res = await fetch(`${base}/api/v1/admin/tracks/${slug}/questions?page=${page}&page_size=100`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status, 'admin question bank').toBe(200);
    const body = (await res.json()) as {
      items: Array<{ text: string; options: Array<{ text: string; is_correct: boolean }> }>;
      total: number;
    };
    for (const q of body.items) {
      const right = q.options.find((o) => o.is_correct)?.text;
      const wrong = q.options.find((o) => !o.is_correct)?.text;
      if (right && wrong) key.set(q.text, { right, wrong });
    }
    if (body.items.length === 0 || page * 100 >= body.total) break;
  }
  expect(key.size).toBeGreaterThan(0);
  return key;
}

/**
 * Answers every question shown in `scope` (fieldsets whose legend ends with the bank's
 * text): rightly, or wrongly for those `wrong(i)` picks.
 */
export async function answerAll(scope: Page | Locator, key: Map<string, Key>, wrong: (i: number) => boolean = () => false): Promise<number> {
  const sets = scope.locator('fieldset');
  // The form may still be on its way (a retake renders it after a state change): counting
  // before it is there would answer nothing.
  await expect(sets.first()).toBeVisible();
  const n = await sets.count();
  for (let i = 0; i < n; i++) {
    const set = sets.nth(i);
    const legend = (await set.locator('legend').innerText()).trim();
    const entry = [...key.entries()].find(([text]) => legend.endsWith(text));
    expect(entry, `answer key for "${legend}"`).toBeTruthy();
    const k = entry![1];
    await set.getByRole('radio', { name: wrong(i) ? k.wrong : k.right, exact: true }).check();
  }
  return n;
}

export async function approvePending(base: string, token: string, email: string): Promise<void> {
  const res = await fetch(`${base}/api/v1/admin/approvals/pending?page=1&page_size=100`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { items: Array<{ id: number; user_email: string | null }> };
  const mine = body.items.find((a) => a.user_email === email);
  expect(mine, `a pending approval for ${email}`).toBeTruthy();
  const ok = await fetch(`${base}/api/v1/admin/approvals/${mine!.id}/approve`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  expect(ok.status).toBe(200);
}
