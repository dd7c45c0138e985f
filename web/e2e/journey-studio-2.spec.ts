// Studio journey 2: after a learner enrolls and completes a lesson, the teacher's analytics
// chart shows it once the figures are refreshed (producers refresh; teachers read the
// freshness line); the learner's review reaches the teacher's inbox and gets a reply in place.
import { expect, test, type Page } from '@playwright/test';
import { checkPage, signUp, uniqueEmail, watchErrors } from './support';
import { PRODUCER, TEACHER, apiAs, signInAs, signOut } from './studio-support';

const J = 'studio-2';

/** The last row (today) of a chart's data table: its cells by column name. */
async function today(page: Page, chart: string): Promise<string[]> {
  const table = page.getByRole('table', { name: chart });
  await expect(table).toBeAttached();
  return table.locator('tbody tr').last().locator('td').allTextContents();
}

test("a learner's enrollment and completion reach the teacher's analytics and inbox", async ({ page, request }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  const title = `Analytics Probe ${Date.now() % 1_000_000}`;

  // Setup through the API (journey 1 shows the same in the browser): a published course with one lesson.
  const teacher = await apiAs(request, TEACHER);
  const producer = await apiAs(request, PRODUCER);
  const course = (await teacher('POST', '/courses', { title, description: 'Counting what learners do.' })) as { slug: string };
  const mod = (await teacher('POST', `/courses/${course.slug}/modules`, { title: 'Only module' })) as { module_id: number };
  await teacher('POST', `/courses/${course.slug}/lessons`, {
    module_id: mod.module_id,
    title: 'Only lesson',
    content: [{ type: 'markdown', markdown: 'Hello.' }],
  });
  await teacher('POST', `/courses/${course.slug}/status`, { status: 'review' });
  await producer('POST', `/courses/${course.slug}/status`, { status: 'published' });
  await producer('POST', '/analytics/refresh');

  // The teacher's analytics: nothing yet, with the figures' freshness and no refresh button.
  await signInAs(page, TEACHER, '/studio/analytics');
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Analytics: ${title}` })).toBeVisible();
  await expect(page.getByText(/^Figures as of /)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Refresh the figures' })).toHaveCount(0);
  expect(await today(page, 'Enrollments and completed lessons per day')).toEqual(['0', '0']);
  await checkPage(page, J, 'analytics-before');
  const analyticsUrl = page.url();
  await signOut(page);

  // A learner enrolls and completes the lesson.
  await signUp(page, 'Ana Lytics', uniqueEmail('studio2'));
  await page.goto(`/courses/${course.slug}`);
  await page.getByRole('button', { name: 'Enroll' }).click();
  await page.getByRole('link', { name: 'Go to the course' }).click();
  await page.getByRole('link', { name: 'Start' }).click();
  await page.getByRole('button', { name: 'Mark as complete' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Completed' })).toBeVisible();
  await signOut(page);

  // Still the old figures for the teacher until they are recomputed.
  await signInAs(page, TEACHER, new URL(analyticsUrl).pathname);
  expect(await today(page, 'Enrollments and completed lessons per day')).toEqual(['0', '0']);
  await signOut(page);

  // A producer refreshes them from the same page.
  await signInAs(page, PRODUCER, new URL(analyticsUrl).pathname);
  await page.getByRole('button', { name: 'Refresh the figures' }).click();
  await expect(page.getByText('The figures were recomputed.')).toBeVisible();
  await signOut(page);

  // The teacher now sees the enrollment and the completion on the chart and in the figures.
  await signInAs(page, TEACHER, new URL(analyticsUrl).pathname);
  expect(await today(page, 'Enrollments and completed lessons per day')).toEqual(['1', '1']);
  const kpi = (name: string) => page.locator('.kpis > div', { has: page.getByText(name, { exact: true }) }).locator('dd');
  await expect(kpi('Enrollments')).toHaveText('1');
  await expect(kpi('Completed the course')).toHaveText('1');
  await expect(kpi('Completion rate')).toHaveText('100 %');
  await expect(page.locator('.chart canvas').first()).toBeVisible();
  await checkPage(page, J, 'analytics-after');
  expect(errors).toEqual([]);
});

test('a review of my course waits in the inbox and gets a reply in place', async ({ page, request }) => {
  const errors = watchErrors(page);
  const title = `Inbox Probe ${Date.now() % 1_000_000}`;
  const teacher = await apiAs(request, TEACHER);
  const producer = await apiAs(request, PRODUCER);
  const course = (await teacher('POST', '/courses', { title })) as { slug: string };
  const mod = (await teacher('POST', `/courses/${course.slug}/modules`, { title: 'M' })) as { module_id: number };
  await teacher('POST', `/courses/${course.slug}/lessons`, { module_id: mod.module_id, title: 'L', content: [] });
  await teacher('POST', `/courses/${course.slug}/status`, { status: 'review' });
  await producer('POST', `/courses/${course.slug}/status`, { status: 'published' });
  // A learner (signed up through the API) enrolls and reviews.
  const email = uniqueEmail('inbox');
  const reg = await request.post('/api/v1/auth/register', { data: { email, password: 'e2e-password-1', full_name: 'Rita Reviewer' } });
  expect(reg.ok(), await reg.text()).toBe(true);
  const learner = await apiAs(request, email, 'e2e-password-1');
  await learner('POST', `/courses/${course.slug}/enroll`);
  await learner('POST', `/courses/${course.slug}/reviews`, { rating: 4, text: 'Clear, but I wanted more exercises.' });

  await signInAs(page, TEACHER, '/studio/reviews');
  const item = page.locator('li.review-item', { hasText: 'Clear, but I wanted more exercises.' });
  await expect(item.getByText('New')).toBeVisible();
  await expect(item.getByLabel('4 of 5 stars')).toBeVisible();
  await checkPage(page, J, 'inbox');
  await item.getByRole('button', { name: 'Reply to Rita Reviewer' }).click();
  await page.getByLabel('Your reply to Rita Reviewer').fill('Thank you! Exercises are coming in module 2.');
  await page.getByRole('button', { name: 'Send the reply' }).click();
  // Answered: it leaves the "waiting" list (other journeys on this server leave reviews of
  // the demo teacher's courses unanswered, so the list need not be empty) and shows its
  // reply under "All".
  await expect(item).toHaveCount(0);
  await page.getByRole('button', { name: 'All', exact: true }).click();
  await expect(item.getByText('Thank you! Exercises are coming in module 2.')).toBeVisible();
  await expect(item.getByText('New')).toHaveCount(0);
  await signOut(page);

  // Another learner reports the review; a producer finds it among the reported ones and hides it.
  const email2 = uniqueEmail('inbox-report');
  const reg2 = await request.post('/api/v1/auth/register', { data: { email: email2, password: 'e2e-password-1', full_name: 'Rex Reporter' } });
  expect(reg2.ok(), await reg2.text()).toBe(true);
  const reporter = await apiAs(request, email2, 'e2e-password-1');
  const reviews = (await reporter('GET', `/courses/${course.slug}/reviews`)) as { items: { review_id: number }[] };
  await reporter('POST', `/reviews/${reviews.items[0]?.review_id}/report`, { reason: 'Looks like an advert' });
  await signInAs(page, PRODUCER, '/producer/moderation');
  const reported = page.locator('li', { hasText: 'Clear, but I wanted more exercises.' });
  await expect(reported.getByText('Reported by 1 user')).toBeVisible();
  await checkPage(page, J, 'moderation-reported');
  await reported.getByRole('button', { name: 'Hide the review by Rita Reviewer' }).click();
  const dialog = page.getByRole('dialog', { name: 'Hide the review by Rita Reviewer' });
  await dialog.getByLabel('Reason').fill('Not an advert, but off-topic');
  await dialog.getByRole('button', { name: 'Hide' }).click();
  await expect(dialog).toBeHidden();
  await expect(reported.getByText('Hidden because: Not an advert, but off-topic')).toBeVisible();
  await reported.getByRole('button', { name: 'Show the review by Rita Reviewer again' }).click();
  await expect(reported.getByText('Hidden because:')).toHaveCount(0);
  expect(errors).toEqual([]);
});
