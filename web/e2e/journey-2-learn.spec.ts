// Journey 2: browse → search → filter → enroll → complete 2 of 4 lessons → the dashboard
// shows 50 % → write a review → it appears on the course page.
import { expect, test } from '@playwright/test';
import { checkPage, signUp, uniqueEmail, watchErrors } from './support';

const J = 'j2';

test('a learner finds a course, completes half of it and reviews it', async ({ page }) => {
  const errors = watchErrors(page);
  await signUp(page, 'Journey Two', uniqueEmail('j2'));
  await checkPage(page, J, 'dashboard-empty');
  await expect(page.getByText('You are not enrolled in any course yet.')).toBeVisible();

  // Browse and search.
  await page.getByRole('link', { name: 'Browse the courses' }).click();
  await expect(page.getByRole('heading', { name: 'Popular' })).toBeVisible();
  await checkPage(page, J, 'catalog');
  await page.getByRole('searchbox', { name: 'Search courses' }).fill('production');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(/\?q=production/);
  const results = page.locator('section[aria-labelledby="results-h"]');
  await expect(results.getByRole('link', { name: 'Shipping Models to Production' })).toBeVisible();

  // Filter by category: the URL holds search and filter, the result stays.
  await page.getByRole('navigation', { name: 'Categories' }).getByRole('button', { name: 'MLOps' }).click();
  await expect(page).toHaveURL(/q=production&category=mlops/);
  await expect(page.getByRole('heading', { name: '1 course' })).toBeVisible();
  await checkPage(page, J, 'catalog-filtered');

  // The course page, then enroll.
  await results.getByRole('link', { name: 'Shipping Models to Production' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Shipping Models to Production' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Syllabus · 4 lessons' })).toBeVisible();
  await checkPage(page, J, 'course');
  // The teacher's name leads to the teacher's public profile, and back.
  await page.getByRole('link', { name: 'Tessa Teacher' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tessa Teacher' })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: 'Shipping Models to Production' })).toBeVisible();
  // Favorites: the button tells the saved state, and it survives a reload.
  const fav = page.getByRole('button', { name: /favorites/ });
  await expect(fav).toHaveAttribute('aria-pressed', 'false');
  await fav.click();
  await expect(page.getByRole('button', { name: '★ In your favorites' })).toHaveAttribute('aria-pressed', 'true');
  await page.reload();
  await expect(page.getByRole('button', { name: '★ In your favorites' })).toBeVisible();
  // The favorites page lists it; back to the course from there.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Favorites' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Favorites' })).toBeVisible();
  await checkPage(page, J, 'favorites');
  await page.getByRole('link', { name: 'Shipping Models to Production' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Shipping Models to Production' })).toBeVisible();
  await page.getByRole('button', { name: 'Enroll' }).click();
  await expect(page.getByText('You are enrolled. Enjoy the course!')).toBeVisible();
  await page.getByRole('link', { name: 'Go to the course' }).click();

  // The course's syllabus with per-lesson status, then two lessons.
  await expect(page.getByText('0 of 4 lessons done')).toBeVisible();
  await checkPage(page, J, 'course-progress');
  await page.getByRole('link', { name: 'Start' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Model formats' })).toBeVisible();
  await checkPage(page, J, 'lesson');
  await page.getByRole('button', { name: 'Mark as complete' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Completed' })).toBeVisible();
  // Progress updates in place, without a reload.
  await expect(page.getByRole('progressbar', { name: /Progress in/ })).toHaveAttribute('value', '25');
  await page.getByRole('link', { name: /Next: An inference service/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'An inference service' })).toBeVisible();
  // Its quiz answers inline.
  const quiz = page.locator('form.quiz');
  await quiz.getByRole('radio', { name: '0.25' }).check();
  await quiz.getByRole('button', { name: 'Check the answer' }).click();
  await expect(quiz.getByText('Not quite. The correct answer is marked.')).toBeVisible();
  await quiz.getByRole('radio', { name: /^0\.5/ }).check();
  await quiz.getByRole('button', { name: 'Check the answer' }).click();
  await expect(quiz.getByText('Correct!')).toBeVisible();
  await checkPage(page, J, 'lesson-quiz');
  await page.getByRole('button', { name: 'Mark as complete' }).click();
  await expect(page.getByRole('progressbar', { name: /Progress in/ })).toHaveAttribute('value', '50');

  // The dashboard says 50 % and offers the next lesson.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My learning' }).click();
  const card = page.locator('article.dash-card', { hasText: 'Shipping Models to Production' });
  await expect(card.getByRole('progressbar')).toHaveAttribute('value', '50');
  await expect(card.getByText('50 %')).toBeVisible();
  await expect(card.getByText('2 of 4 lessons done', { exact: false })).toBeVisible();
  await expect(card.getByText('Next: Monitoring drift')).toBeVisible();
  await checkPage(page, J, 'dashboard');

  // A review, then it is on the course page.
  await card.getByRole('link', { name: 'Shipping Models to Production', exact: true }).click();
  await page.getByRole('link', { name: 'Course page' }).click();
  await expect(page.getByRole('heading', { name: 'Write a review' })).toBeVisible();
  await page.getByRole('button', { name: 'Publish the review' }).click();
  await expect(page.getByText('Choose a rating from 1 to 5.')).toBeVisible();
  await page.getByRole('radio', { name: '4 stars' }).check();
  await page.getByLabel('Your review', { exact: true }).fill('Clear and practical: the serving module was exactly what I needed.');
  await page.getByRole('button', { name: 'Publish the review' }).click();
  const list = page.locator('section.reviews');
  await expect(list.getByRole('article', { name: 'Review by Journey Two' })).toContainText('Clear and practical');
  await expect(page.getByRole('heading', { name: 'Reviews (1)' })).toBeVisible();
  await expect(page.getByText('4 (1 rating)')).toBeVisible();
  await checkPage(page, J, 'course-reviewed');
  // The author edits it; the course's rating follows at once.
  await page.locator('.my-review').getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByLabel('Your review', { exact: true })).toHaveValue(/Clear and practical/);
  await page.getByRole('radio', { name: '5 stars' }).check();
  await page.getByRole('button', { name: 'Save the review' }).click();
  await expect(page.getByText('5 (1 rating)')).toBeVisible();
  await expect(list.getByRole('article', { name: 'Review by Journey Two' }).getByRole('img', { name: '5 out of 5 stars' })).toBeVisible();
  expect(errors).toEqual([]);
});
