// Journey 1: sign up with a track → diagnostic → assigned content → read + mini-test →
// level exam failed once → retake passed → pending approval shown; an admin approves
// through the API and the learner sees the decision live.
import { expect, test } from '@playwright/test';
import { adminToken, answerAll, answerKey, approvePending } from './adaptive-api';
import { checkPage, uniqueEmail, watchErrors } from './support';

const J = 'j1';

test('a learner goes from sign-up through the diagnostic, reading and the level exam to an approved rank', async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  const base = baseURL!;
  const admin = await adminToken(base);
  const key = await answerKey(base, admin);
  const email = uniqueEmail('track');

  // Sign up with the track: the app lands on the track map.
  await page.goto('/signup');
  await page.getByLabel('Full name').fill('Tina Track');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill('e2e-password-1');
  await page.getByLabel('Learning track (optional)').selectOption({ label: 'ML Engineer' });
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page).toHaveURL(/\/track$/);
  await expect(page.getByRole('heading', { level: 1, name: 'ML Engineer' })).toBeVisible();
  await expect(page.getByText('You are at Trainee, level 0.')).toBeVisible();
  const map = page.getByRole('region', { name: 'Track map' });
  await expect(map.locator('[aria-current="step"]')).toContainText('you are here');
  await checkPage(page, J, 'track-start');

  // The diagnostic (fixed mode: every question at once), with its progress.
  await page.getByRole('link', { name: 'Take the diagnostic' }).click();
  await page.getByRole('button', { name: 'Start the diagnostic' }).click();
  await expect(page.getByText(/^Answered 0 of \d+$/)).toBeVisible();
  await checkPage(page, J, 'diagnostic');
  // A submit with questions open names them instead of sending.
  await page.getByRole('button', { name: 'Submit the diagnostic' }).click();
  await expect(page.getByText(/questions have no answer yet/)).toBeVisible();
  // Every third answer wrong, so some modules come out weaker.
  const asked = await answerAll(page, key, (i) => i % 3 === 0);
  await expect(page.getByText(`Answered ${asked} of ${asked}`)).toBeVisible();
  await page.getByRole('button', { name: 'Submit the diagnostic' }).click();
  await expect(page.getByRole('heading', { name: 'Your result' })).toBeVisible();
  await expect(page.getByText(`${asked - Math.ceil(asked / 3)} of ${asked} correct`)).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Share of correct answers per module' })).toBeVisible();
  await checkPage(page, J, 'diagnostic-result');

  // The reading list: required articles gate the exam, the checklist names them.
  await page.getByRole('link', { name: 'Go to my reading list' }).click();
  await page.getByRole('button', { name: 'Get my reading list' }).click();
  const required = page.getByRole('region', { name: 'Required reading' }).getByRole('link');
  await expect(required.first()).toBeVisible();
  const titles = await required.allInnerTexts();
  expect(titles.length).toBeGreaterThan(0);
  await expect(page.getByText(`Required articles closed: 0 of ${titles.length}`)).toBeVisible();
  await expect(page.getByText('The level exam opens when every required article is closed (its mini-test passed).')).toBeVisible();
  const checklist = page.getByRole('region', { name: 'Before the exam' });
  for (const title of titles) await expect(checklist.getByRole('link', { name: title })).toBeVisible();
  await checkPage(page, J, 'reading-list');

  // An optional article: read.
  await page.getByRole('region', { name: 'Optional reading' }).getByRole('link').first().click();
  await page.getByRole('button', { name: 'Mark as read' }).click();
  await expect(page.getByText('✓ Read', { exact: true })).toBeVisible();
  await page.getByRole('link', { name: 'Back to my track' }).click();
  await expect(page.getByText(/Optional articles read: 1 of \d+$/)).toBeVisible();

  // Each required article: read it and pass its mini-test; the first one fails once.
  for (const [n, title] of titles.entries()) {
    await page.getByRole('region', { name: 'Required reading' }).getByRole('link', { name: title }).click();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await page.getByRole('button', { name: 'Mark as read' }).click();
    const mini = page.getByRole('region', { name: 'Mini-test' });
    if (n === 0) {
      await answerAll(mini, key, (i) => i === 0);
      await mini.getByRole('button', { name: 'Submit the mini-test' }).click();
      await expect(mini.getByText(/^Not passed: 2 of 3 correct/)).toBeVisible();
      await checkPage(page, J, 'minitest-failed');
      await mini.getByRole('button', { name: 'Try again' }).click();
    }
    await answerAll(mini, key);
    await mini.getByRole('button', { name: 'Submit the mini-test' }).click();
    await expect(mini.getByText('Passed: 3 of 3 correct. The article is closed.')).toBeVisible();
    if (n === 0) await expect(mini.getByRole('listitem')).toHaveCount(2);
    await page.getByRole('link', { name: 'Back to my track' }).click();
  }
  await expect(page.getByText(`Required articles closed: ${titles.length} of ${titles.length}`)).toBeVisible();
  await expect(page.getByText('You may take the level exam.')).toBeVisible();

  // The level exam: failed once, then passed.
  await page.getByRole('link', { name: 'Start the level exam' }).click();
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByText('Attempt 1')).toBeVisible();
  await answerAll(page, key, () => true);
  await page.getByRole('button', { name: 'Submit the answers' }).click();
  await expect(page.getByRole('heading', { name: 'Not passed' })).toBeVisible();
  await expect(page.getByText(/^0 of \d+ correct \(0 %\)$/)).toBeVisible();
  await checkPage(page, J, 'exam-failed');
  await page.getByRole('button', { name: 'Retake the exam' }).click();
  await expect(page.getByText('Attempt 2')).toBeVisible();
  await answerAll(page, key);
  await page.getByRole('button', { name: 'Submit the answers' }).click();
  await expect(page.getByRole('heading', { name: 'Passed' })).toBeVisible();
  await expect(page.getByText('Your pass was sent to an administrator to approve your next rank.')).toBeVisible();
  await checkPage(page, J, 'exam-passed');

  // Pending approval on the track page; the admin approves; the page follows live.
  await page.getByRole('link', { name: 'Back to my track' }).first().click();
  await expect(page.getByText('Waiting for approval.')).toBeVisible();
  await checkPage(page, J, 'pending-approval');
  const bell = page.getByRole('link', { name: /^Notifications, / });
  const before = await bell.getAttribute('aria-label');
  await approvePending(base, admin, email);
  await expect(page.getByText('Approved.', { exact: true })).toBeVisible();
  await expect(page.getByText('You are at Junior, level 1.')).toBeVisible();
  await expect(bell).not.toHaveAttribute('aria-label', before ?? '');
  await checkPage(page, J, 'approved');
  expect(errors).toEqual([]);
});
