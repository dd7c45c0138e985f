// Console journey 4: a dead job, its last error on screen, retried from the console; the
// worker runs it again and it succeeds.
import { expect, test } from '@playwright/test';
import { consoleLogIn, insertDeadJob } from './console-support';
import { checkPage, watchErrors } from './support';

const J = 'console-4';

test('a dead job is retried from the console', async ({ page }) => {
  const errors = watchErrors(page);
  const id = insertDeadJob('SMTP relay refused the connection (e2e)');
  await consoleLogIn(page, '/console/jobs');
  await expect(page.getByRole('heading', { level: 1, name: 'Background jobs' })).toBeVisible();
  await page.getByLabel('Status').selectOption({ label: 'dead' });
  const row = page.locator(`tr[data-job="${id}"]`);
  await expect(row).toContainText('cleanup_tokens');
  await expect(row).toContainText('SMTP relay refused the connection (e2e)');
  await expect(row).toContainText('5/5');
  await checkPage(page, J, 'dead-job');

  await row.getByRole('button', { name: `Retry job ${id} (cleanup_tokens)` }).click();
  await expect(page.getByText(`Job ${id} is queued again.`)).toBeVisible();
  await expect(row).toHaveCount(0);
  // The worker picks it up (it polls every second) and this time it succeeds.
  await page.getByLabel('Status').selectOption({ label: 'All' });
  await expect(row.locator('.badge')).toHaveText('succeeded', { timeout: 20_000 });
  await expect(row.locator('td').nth(2)).toHaveText('1/5');
  await checkPage(page, J, 'retried');
  expect(errors).toEqual([]);
});
