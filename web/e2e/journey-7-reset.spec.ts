// Forgot / reset password: the link the server sends (the demo, in development, also logs
// it; the e2e server's log is target/e2e-server-main.log) opens the reset page, the new
// password works, the old one no longer does, and the link cannot be used twice.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './server';
import { checkPage, logIn, signUp, uniqueEmail, watchErrors } from './support';

const J = 'j7';
const LOG = join(ROOT, 'target', 'e2e-server-main.log');

/** The newest reset link logged for `userId` after `from` bytes of the log. */
async function resetLink(from: number): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const text = readFileSync(LOG, 'utf8').slice(from);
    const links = [...text.matchAll(/(https?:\/\/[^\s"]+\/reset-password\?token=[A-Za-z0-9_\-.%]+)/g)].map((m) => m[1]!);
    if (links.length > 0) return links[links.length - 1]!;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('no reset link in the server log');
}

test('a learner who forgot the password resets it through the link', async ({ page, context }) => {
  const errors = watchErrors(page);
  const email = uniqueEmail('forgot');
  await signUp(page, 'Fred Forgetful', email, 'old-password-1');
  await page.getByRole('button', { name: 'Log out' }).click();
  await context.clearCookies();

  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reset your password' })).toBeVisible();
  await checkPage(page, J, 'forgot');
  const from = readFileSync(LOG, 'utf8').length;
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByText('If an account with this e-mail exists, a link to reset the password is on its way.')).toBeVisible();

  const link = await resetLink(from);
  const url = new URL(link);
  await page.goto(`${url.pathname}${url.search}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible();
  await checkPage(page, J, 'reset');
  await page.getByLabel('New password', { exact: true }).fill('new-password-22');
  await page.getByLabel('Repeat the new password').fill('new-password-2');
  await page.getByRole('button', { name: 'Set the password' }).click();
  await expect(page.getByText('The passwords do not match.')).toBeVisible();
  await page.getByLabel('Repeat the new password').fill('new-password-22');
  await page.getByRole('button', { name: 'Set the password' }).click();
  await expect(page.getByText('Your password was changed. All your other sessions were signed out.')).toBeVisible();

  // The old password is refused, the new one works.
  await page.goto('/login');
  await logIn(page, email, 'old-password-1');
  await expect(page.getByRole('alert')).toContainText('Incorrect login or password.');
  await logIn(page, email, 'new-password-22');
  await expect(page.getByRole('heading', { level: 1, name: 'My learning' })).toBeVisible();

  // The link is single-use.
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.goto(`${url.pathname}${url.search}`);
  await page.getByLabel('New password', { exact: true }).fill('third-password-3');
  await page.getByLabel('Repeat the new password').fill('third-password-3');
  await page.getByRole('button', { name: 'Set the password' }).click();
  await expect(page.getByText('This reset link is invalid, expired or already used.')).toBeVisible();
  expect(errors).toEqual([]);
});
