// Helpers of the console journeys: a signed-in admin console, and states set up through the
// real API (a learner waiting for approval) — or, where no route creates the state (a dead
// job), written into the demo's SQLite file.
import { expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { DEMO_PASSWORD, uniqueEmail } from './support';

export const ADMIN_EMAIL = 'admin@practicum.example';

function base(): string {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error('E2E_BASE_URL is not set (the global setup starts the server)');
  return url;
}

async function call(method: string, path: string, token: string | null, body?: unknown): Promise<any> {
  const res = await fetch(`${base()}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Signs in to the console through its login form (the admin-scoped session). */
export async function consoleLogIn(page: Page, path = '/console/users') {
  await page.goto(path);
  await expect(page).toHaveURL(/\/console\/login\?next=/);
  await page.getByLabel('E-mail or username').fill(ADMIN_EMAIL);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in to the console' }).click();
  await expect(page.getByRole('navigation', { name: 'Console sections' })).toBeVisible();
}

export async function adminToken(): Promise<string> {
  const r = await call('POST', '/api/v1/admin/login', null, { email: ADMIN_EMAIL, password: DEMO_PASSWORD });
  return r.access_token as string;
}

const MODULES = ['Alpha', 'Beta'];
const STAGES = ['trainee_0', 'junior_1'];

/** A small published track whose right option is always the text "right". */
async function approvalTrack(admin: string): Promise<string> {
  const slug = `e2e-approvals-${Date.now()}`;
  await call('POST', '/api/v1/admin/tracks', admin, { slug, title: 'E2E approvals track', ranks: ['trainee', 'junior'] });
  const q = (module: string, stage: string, i: number) => ({
    module,
    stage,
    text: `${stage} ${module} question ${i}`,
    options: [{ text: 'wrong' }, { text: 'right', is_correct: true }],
  });
  const questions = STAGES.flatMap((s) => MODULES.flatMap((m) => [0, 1, 2, 3].map((i) => q(m, s, i))));
  const articles = STAGES.flatMap((stage) =>
    MODULES.flatMap((module) => [
      { module, stage, kind: 'optional', title: `Read about ${module}`, markdown: '# Notes' },
      {
        module,
        stage,
        kind: 'required',
        title: `Master ${module}`,
        markdown: '# Must read',
        minitest: [1, 2].map((i) => ({ text: `check ${i}`, options: [{ text: 'right', is_correct: true }, { text: 'wrong' }] })),
      },
    ]),
  );
  await call('POST', `/api/v1/admin/tracks/${slug}/import`, admin, { modules: MODULES, questions, articles });
  await call('POST', `/api/v1/admin/tracks/${slug}/settings`, admin, {
    content_k_weak_modules: 1,
    content_optional_per_module: 1,
    content_required_per_weak_module: 1,
    minitest_questions: 2,
    minitest_pass_correct: 2,
    diagnostic_questions_per_module: 2,
    level_exam_questions: 4,
    min_questions_per_module: 1,
    max_questions_per_module: 4,
    level_exam_pass_pct: 60,
    rank_final_questions: 4,
    rank_final_pass_pct: 60,
  });
  await call('PATCH', `/api/v1/admin/tracks/${slug}`, admin, { is_published: true });
  return slug;
}

function answers(questions: Array<{ question_id: number; options: Array<{ option_id: number; text: string }> }>) {
  return {
    answers: questions.map((q) => ({
      question_id: q.question_id,
      option_id: q.options.find((o) => o.text === 'right')!.option_id,
    })),
  };
}

/**
 * A learner who passed the trainee level exam of a fresh track and waits for an admin:
 * diagnostic, assigned content closed, level exam passed — all through the learner API.
 */
export async function learnerAwaitingApproval(): Promise<{ email: string; token: string }> {
  const admin = await adminToken();
  const slug = await approvalTrack(admin);
  const email = uniqueEmail('awaiting');
  const reg = await call('POST', '/api/v1/auth/register', null, {
    email,
    password: 'e2e-password-1',
    full_name: 'Avery Awaiting',
    track_slug: slug,
  });
  const token = reg.access_token as string;
  const d = await call('POST', '/api/v1/diagnostika/start', token, {});
  await call('POST', '/api/v1/diagnostika/submit', token, answers(d.questions));
  await call('POST', '/api/v1/content/assign', token, {});
  const my = await call('GET', '/api/v1/content/my', token);
  for (const item of my.items as Array<{ id: number; kind: string }>) {
    if (item.kind === 'optional') {
      await call('POST', `/api/v1/content/${item.id}/read`, token, {});
    } else {
      const m = await call('GET', `/api/v1/content/${item.id}/minitest`, token);
      await call('POST', `/api/v1/content/${item.id}/minitest/submit`, token, answers(m.questions));
    }
  }
  const exam = await call('POST', '/api/v1/exams/level/start', token, {});
  const r = await call('POST', `/api/v1/exams/level/${exam.attempt_id}/submit`, token, answers(exam.questions));
  expect(r.progress.action, 'the passed exam asks an admin').toBe('pending_approval');
  return { email, token };
}

export async function currentStage(token: string): Promise<{ stage: string; status: string }> {
  return call('GET', '/api/v1/progress/current-stage', token);
}

/**
 * A dead job, as the worker leaves one after its last failed attempt. No route makes a job
 * fail on purpose, so the row is written into the demo's SQLite file; its kind is a real one
 * (`cleanup_tokens`), so a retry from the console runs and succeeds.
 */
export function insertDeadJob(lastError: string): number {
  const db = process.env.E2E_DATABASE;
  if (!db) throw new Error('E2E_DATABASE is not set (the global setup starts the server)');
  const now = Date.now();
  const sql =
    `INSERT INTO jobs (kind, payload, status, attempts, max_attempts, run_at, last_error, created_at, updated_at, finished_at) ` +
    `VALUES ('cleanup_tokens', '{}', 'dead', 5, 5, ${now - 60_000}, '${lastError.replace(/'/g, "''")}', ${now - 600_000}, ${now - 60_000}, ${now - 60_000}); ` +
    `SELECT last_insert_rowid();`;
  const out = execFileSync('sqlite3', ['-cmd', '.timeout 5000', db, sql], { encoding: 'utf8' });
  return Number(out.trim().split('\n').pop());
}
