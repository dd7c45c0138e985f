// Journey 3: the ML playground classifies cat.jpg as "Persian cat".
import { expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './server';
import { checkPage, logIn, watchErrors } from './support';

const J = 'j3';
const CAT = [join(ROOT, 'crates/inference/tests/fixtures/cat.jpg'), join(ROOT, '../shared/models/test_images/cat.jpg')].find((p) => existsSync(p));

test('the playground classifies a cat and explains a refusal', async ({ page }) => {
  expect(CAT, 'cat.jpg (crates/inference/tests/fixtures or ../shared/models/test_images)').toBeTruthy();
  const errors = watchErrors(page);
  await page.goto('/playground');
  // Signed out: the guard asks to log in and comes back.
  await expect(page).toHaveURL(/\/login\?next=%2Fplayground/);
  await logIn(page, 'student@practicum.example');
  await expect(page.getByRole('heading', { level: 1, name: 'ML playground' })).toBeVisible();
  await expect(page.getByText(/Model: efficientnet-lite0/)).toBeVisible();
  await checkPage(page, J, 'playground');

  await page.getByLabel('Choose images').setInputFiles([CAT!]);
  await expect(page.getByRole('img', { name: 'Preview of cat.jpg' })).toBeVisible();
  await page.getByRole('button', { name: 'Classify 1 image' }).click();
  await expect(page.getByText(/Classified 1 image in [\d.,]+ ms/)).toBeVisible();
  const first = page.locator('.prediction').first();
  await expect(first.locator('.prediction-label')).toHaveText('Persian cat');
  await expect(page.locator('.prediction')).toHaveCount(5);
  await checkPage(page, J, 'playground-result');

  // A file that is not an image: said in words, before and by the server.
  await page.getByRole('button', { name: 'Clear all' }).click();
  await page.getByLabel('Choose images').setInputFiles([{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') }]);
  await expect(page.getByText('This file is not an image.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Classify 0 images' })).toBeDisabled();
  // A file that claims to be a JPEG but is not: the server refuses it.
  await page.getByRole('button', { name: 'Clear all' }).click();
  await page.getByLabel('Choose images').setInputFiles([{ name: 'fake.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('definitely not a jpeg') }]);
  await page.getByRole('button', { name: 'Classify 1 image' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /not an image|incomplete|not supported/ })).toBeVisible();
  await checkPage(page, J, 'playground-refusal');
  expect(errors).toEqual([]);
});
