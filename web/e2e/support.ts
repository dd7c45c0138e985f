import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './server';

export const SHOTS = join(ROOT, 'target', 'e2e-screenshots');
export const DEMO_PASSWORD = 'practicum-demo-1';

/**
 * Checks the page as it stands: axe finds no serious or critical violation, and it is
 * photographed at 1440 px and 375 px (target/e2e-screenshots/<journey>-<name>-<width>.png).
 */
export async function checkPage(page: Page, journey: string, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect(page.locator('[aria-busy="true"], .skeleton')).toHaveCount(0);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`),
    `axe on ${name}`,
  ).toEqual([]);
  if (!existsSync(SHOTS)) mkdirSync(SHOTS, { recursive: true });
  const size = page.viewportSize() ?? { width: 1440, height: 900 };
  for (const width of [1440, 375]) {
    await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
    await page.screenshot({ path: join(SHOTS, `${journey}-${name}-${width}.png`), fullPage: true });
    // Nothing may stick out sideways at either width.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} at ${width} px scrolls sideways`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize(size);
}

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@e2e.example`;
}

/** Signs up through the form (lands on the dashboard without a track). */
export async function signUp(page: Page, name: string, email: string, password = 'e2e-password-1') {
  await page.goto('/signup');
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My learning' })).toBeVisible();
}

export async function logIn(page: Page, login: string, password = DEMO_PASSWORD) {
  await page.getByLabel('E-mail or username').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** Collects page errors and CSP violations (the server sends the strict policy); a journey ends by asserting there were none. */
export function watchErrors(page: Page) {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    const text = m.text();
    if (m.type() !== 'error' || !/Content Security Policy|Refused to/i.test(text)) return;
    // Playwright's trace recorder fetches blob: images (the playground's previews) to snapshot
    // them, which connect-src refuses; the app itself never fetches a blob: URL.
    if (/Connecting to 'blob:/.test(text)) return;
    errors.push(`csp: ${text}`);
  });
  return errors;
}
