// Journey 5: switching to Russian changes the UI strings and the course content.
import { expect, test } from '@playwright/test';
import { checkPage, watchErrors } from './support';

const J = 'j5';

test('the interface and the course content switch to Russian', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/courses/machine-learning-foundations');
  await expect(page.getByRole('heading', { level: 1, name: 'Machine Learning Foundations' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Getting started' })).toBeVisible();

  await page.getByLabel('Language').selectOption('ru');
  // UI strings…
  await expect(page.getByRole('navigation', { name: 'Основное меню' }).getByRole('link', { name: 'Курсы' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Войдите, чтобы записаться' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  // …and the course's translated texts (Accept-Language: ru).
  await expect(page.getByRole('heading', { level: 1, name: 'Основы машинного обучения' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Первые шаги' })).toBeVisible();
  await expect(page.getByText('Ваша первая модель')).toBeVisible();
  await checkPage(page, J, 'course-ru');

  // The catalog too, and the choice survives a reload.
  await page.getByRole('link', { name: 'Курсы' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Курсы' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Модели в продакшене' }).first()).toBeVisible();
  await checkPage(page, J, 'catalog-ru');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Курсы' })).toBeVisible();

  await page.getByLabel('Язык').selectOption('en');
  await expect(page.getByRole('heading', { level: 1, name: 'Courses' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Shipping Models to Production' }).first()).toBeVisible();
  expect(errors).toEqual([]);
});
