// Console journey 5: every console page (and its dialogs and tabs) has no serious or
// critical axe violation, fits 375 px and 1440 px, and is photographed at both.
import { expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { E2E_ADMIN_TOKEN, ROOT } from './server';
import { consoleLogIn, learnerAwaitingApproval } from './console-support';
import { checkPage, DEMO_PASSWORD, watchErrors } from './support';

const J = 'console-5';
const CAT = [join(ROOT, 'crates/inference/tests/fixtures/cat.jpg'), join(ROOT, '../shared/models/test_images/cat.jpg')].find((p) => existsSync(p));

/** A few model calls (a cat and a file that is not an image), so the stats have numbers. */
async function someModelCalls() {
  const base = process.env.E2E_BASE_URL!;
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'student@practicum.example', password: DEMO_PASSWORD }),
  });
  const { access_token } = (await login.json()) as { access_token: string };
  const files: Array<[Blob, string]> = [[new Blob(['not an image'], { type: 'image/jpeg' }), 'fake.jpg']];
  if (CAT) files.push([new Blob([readFileSync(CAT)], { type: 'image/jpeg' }), 'cat.jpg']);
  for (const [blob, name] of files) {
    const form = new FormData();
    form.append('image', blob, name);
    await fetch(`${base}/api/v1/ml/forward`, { method: 'POST', headers: { Authorization: `Bearer ${access_token}` }, body: form });
  }
}

test('every console page passes axe at 375 and 1440 px', async ({ page }) => {
  // Fifteen pages, tabs and dialogs, each checked by axe and photographed twice.
  test.setTimeout(300_000);
  const errors = watchErrors(page);
  await learnerAwaitingApproval();
  await someModelCalls();

  await page.goto('/console/users');
  await expect(page).toHaveURL(/\/console\/login/);
  await checkPage(page, J, 'login');
  await consoleLogIn(page, '/console/users');
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  await checkPage(page, J, 'users');
  await page.getByLabel('Role', { exact: true }).selectOption({ label: 'Teacher' });
  await expect(page.getByRole('rowheader', { name: 'Tessa Teacher' })).toBeVisible();

  await page.getByRole('link', { name: 'Adaptive tracks' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Adaptive tracks' })).toBeVisible();
  await checkPage(page, J, 'tracks');
  await page.getByRole('link', { name: 'ML Engineer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ML Engineer' })).toBeVisible();
  await checkPage(page, J, 'track-structure');
  for (const [tab, name] of [
    ['Question bank', 'track-questions'],
    ['Articles', 'track-articles'],
    ['Item calibration', 'track-calibration'],
  ] as const) {
    await page.getByRole('tab', { name: tab }).click();
    await checkPage(page, J, name);
  }
  await page.getByRole('tab', { name: 'Question bank' }).click();
  await page.getByRole('button', { name: /^Edit question/ }).first().click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await checkPage(page, J, 'question-editor');
  await page.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('tab', { name: 'Settings versions' }).click();
  await page.getByRole('button', { name: /^New version from version/ }).click();
  await page.getByLabel('Level exam pass mark (%)').fill('65');
  await expect(page.getByRole('rowheader', { name: 'Level exam pass mark (%)' })).toBeVisible();
  await checkPage(page, J, 'settings-diff');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('tab', { name: 'JSON import' }).click();
  await checkPage(page, J, 'track-import');

  await page.getByRole('link', { name: 'Approvals' }).click();
  await page.getByRole('button', { name: /^Review the evidence of/ }).first().click();
  await expect(page.getByText(/Level exam, attempt 1/).first()).toBeVisible();
  await checkPage(page, J, 'approvals');

  await page.getByRole('link', { name: 'Jobs' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Background jobs' })).toBeVisible();
  await checkPage(page, J, 'jobs');

  await page.getByRole('link', { name: 'Model service' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Model service' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Inference history' })).toBeVisible();
  await checkPage(page, J, 'model');
  await page.getByRole('button', { name: 'Delete history…' }).click();
  await expect(page.getByLabel('Static admin token')).toBeVisible();
  await checkPage(page, J, 'model-delete');
  // A wrong token is refused and forgotten at once; the right one deletes the history.
  const token = page.getByLabel('Static admin token');
  await token.fill('not-the-token');
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByRole('dialog').getByRole('alert')).toBeVisible();
  await expect(token).toHaveValue('');
  await token.fill(E2E_ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByText(/^\d+ calls? deleted\.$/)).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByText('No call in this period.').first()).toBeVisible();
  expect(errors).toEqual([]);
});
