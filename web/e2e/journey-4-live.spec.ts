// Journey 4: a notification caused by another user arrives live in an open page. A teacher
// has the notifications page open; a learner (through the API) reviews her course; the
// review's notification appears without a reload, and the bell counts it.
import { expect, test } from '@playwright/test';
import { checkPage, logIn, uniqueEmail, watchErrors } from './support';

const J = 'j4';
const COURSE = 'machine-learning-foundations';

async function learnerReviews(base: string, rating: number): Promise<void> {
  const reg = await fetch(`${base}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ full_name: 'Rita Reviewer', email: uniqueEmail('rita'), password: 'e2e-password-1' }),
  });
  expect(reg.status).toBe(201);
  const { access_token } = (await reg.json()) as { access_token: string };
  const auth = { Authorization: `Bearer ${access_token}`, 'Content-Type': 'application/json' };
  const enroll = await fetch(`${base}/api/v1/courses/${COURSE}/enroll`, { method: 'POST', headers: auth });
  expect(enroll.status).toBeLessThan(300);
  const review = await fetch(`${base}/api/v1/courses/${COURSE}/reviews`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ rating, text: 'Live from another user.' }),
  });
  expect(review.status).toBe(201);
}

test("another user's action reaches an open page live", async ({ page, baseURL }) => {
  const errors = watchErrors(page);
  await page.goto('/login');
  await logIn(page, 'teacher@practicum.example');
  await expect(page.getByRole('heading', { level: 1, name: 'My learning' })).toBeVisible();
  await page.getByRole('link', { name: /^Notifications, / }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
  // Start from nothing unread, whatever earlier journeys left.
  const markAll = page.getByRole('button', { name: 'Mark all as read' });
  if (await markAll.isEnabled()) await markAll.click();
  const bell = page.getByRole('link', { name: /^Notifications, / });
  await expect(bell).toHaveAttribute('aria-label', 'Notifications, none unread');
  await checkPage(page, J, 'notifications-before');

  // Wait until the socket is up, then another user acts.
  await page.waitForTimeout(500);
  await learnerReviews(baseURL!, 4);
  const item = page.getByRole('listitem').filter({ hasText: 'Your course got a new review (4 ★).' }).first();
  await expect(item).toBeVisible();
  await expect(bell).toHaveAttribute('aria-label', 'Notifications, 1 unread');
  await expect(item.getByText('New', { exact: true })).toBeVisible();
  await checkPage(page, J, 'notification-arrived');

  // Mark it read: the bell follows.
  await item.getByRole('button', { name: /^Mark as read/ }).click();
  await expect(bell).toHaveAttribute('aria-label', 'Notifications, none unread');
  // A second one, elsewhere in the app: the bell counts it on any page.
  await page.getByRole('link', { name: 'Courses' }).first().click();
  await learnerReviews(baseURL!, 5);
  await expect(bell).toHaveAttribute('aria-label', 'Notifications, 1 unread');
  await bell.click();
  await expect(page.getByRole('listitem').filter({ hasText: 'Your course got a new review (5 ★).' }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Mark all as read' }).click();
  await expect(bell).toHaveAttribute('aria-label', 'Notifications, none unread');
  expect(errors).toEqual([]);
});
