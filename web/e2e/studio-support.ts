// Helpers of the studio and producer journeys: sign in as a demo account, sign out, and call
// the API as one (for a journey's setup that is not what it shows).
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { DEMO_PASSWORD, logIn } from './support';

export const TEACHER = 'teacher@practicum.example';
export const PRODUCER = 'producer@practicum.example';

/** Signs in through the form and lands on `next`. */
export async function signInAs(page: Page, login: string, next: string, password = DEMO_PASSWORD) {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await logIn(page, login, password);
  await expect(page).toHaveURL(new RegExp(`${next.replace(/[/?]/g, '\\$&')}$`));
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: /^(Log out|Выйти)$/ }).click();
  await expect(page.getByRole('link', { name: /^(Log in|Войти)$/ })).toBeVisible();
}

/** An API caller signed in as `login` (bearer token from the JSON login). */
export async function apiAs(request: APIRequestContext, login: string, password = DEMO_PASSWORD) {
  const res = await request.post('/api/v1/auth/login', { data: { username: login, password } });
  expect(res.status(), `login as ${login}`).toBe(200);
  const { access_token: token } = (await res.json()) as { access_token: string };
  const headers = { Authorization: `Bearer ${token}` };
  const call = async (method: 'GET' | 'POST' | 'PATCH' | 'PUT', path: string, data?: unknown) => {
    const r = await request.fetch(`/api/v1${path}`, { method, headers, data });
    expect(r.ok(), `${method} ${path}: ${r.status()} ${await r.text()}`).toBe(true);
    return r.json();
  };
  return call;
}
