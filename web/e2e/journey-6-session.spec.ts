// Journey 6: an expired access token is refreshed silently; a reused refresh token logs out.
// Runs its own server whose access tokens live 2 s (JWT_ACCESS_TTL_SECS; the server allows
// 5 s of clock leeway), so the token really expires.
import { expect, test } from '@playwright/test';
import { startServer, type RunningServer } from './server';
import { checkPage, logIn, watchErrors } from './support';

const J = 'j6';
let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer('short-ttl', { JWT_ACCESS_TTL_SECS: '2' });
});
test.afterAll(async () => {
  await server?.stop();
});

test('an expired token is refreshed without the learner noticing; a replayed refresh token signs out', async ({ page, context }) => {
  const errors = watchErrors(page);
  await page.goto(`${server.url}/login`);
  await checkPage(page, J, 'login');
  await logIn(page, 'student@practicum.example');
  await expect(page.getByRole('heading', { level: 1, name: 'My learning' })).toBeVisible();
  const cookie = (await context.cookies()).find((c) => c.name === 'practicum_refresh');
  expect(cookie, 'the refresh token is an HttpOnly cookie').toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' });
  // Scripts cannot read it, and nothing is kept in web storage.
  expect(await page.evaluate(() => document.cookie)).not.toContain('practicum_refresh');
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).not.toMatch(/eyJ|refresh/);

  // Let the access token expire (2 s + 5 s leeway), then open a page that needs it.
  await page.waitForTimeout(8_000);
  const refreshed = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/refresh') && r.status() === 200);
  const retried = page.waitForResponse((r) => r.url().endsWith('/api/v1/accounts/profiles/me') && r.status() === 200);
  await page.getByRole('link', { name: 'Sam Student' }).click();
  await refreshed;
  await retried;
  await expect(page.getByRole('heading', { level: 1, name: 'Your profile' })).toBeVisible();
  await expect(page).toHaveURL(/\/profile$/);
  await checkPage(page, J, 'profile');

  // The refresh rotated the cookie. Someone replays the old one: the server sees the reuse,
  // revokes the family, and the learner is signed out with a clear message.
  await context.addCookies([{ ...cookie!, value: cookie!.value }]);
  await page.reload();
  await expect(page).toHaveURL(/\/login\?next=%2Fprofile/);
  await expect(page.getByRole('alert')).toContainText('You were signed out because your session was used from another place.');
  await checkPage(page, J, 'signed-out');
  expect(errors).toEqual([]);
});
