// Console journey 3: the admin imports a track document with one bad row, sees that row's
// error next to it, fixes it and imports; then approves a learner's pending move with the
// learner's exam results per module on screen.
import { expect, test } from '@playwright/test';
import { consoleLogIn, currentStage, learnerAwaitingApproval } from './console-support';
import { checkPage, watchErrors } from './support';

const J = 'console-3';

function document(module: string) {
  return JSON.stringify(
    {
      modules: ['Trees', 'Ensembles'],
      questions: [
        { module: 'Trees', stage: 'trainee_0', text: 'What does a split minimise?', options: [{ text: 'Impurity', is_correct: true }, { text: 'Depth' }] },
        { module, stage: 'trainee_0', text: 'What does bagging average?', options: [{ text: 'Models', is_correct: true }, { text: 'Features' }] },
      ],
      articles: [{ module: 'Trees', stage: 'trainee_0', kind: 'optional', title: 'Gini and entropy', markdown: '# Splits' }],
    },
    null,
    2,
  );
}

test('import with a bad row, fix it, import; approve a learner with the evidence', async ({ page }) => {
  const errors = watchErrors(page);
  const learner = await learnerAwaitingApproval();

  await consoleLogIn(page, '/console/adaptive');
  await expect(page.getByRole('heading', { level: 1, name: 'Adaptive tracks' })).toBeVisible();
  const slug = `e2e-import-${Date.now()}`;
  await page.getByLabel('Slug (in URLs)').fill(slug);
  await page.getByLabel('Title', { exact: true }).fill('Imported track');
  await page.getByRole('button', { name: 'Create the track' }).click();
  await expect(page.getByText('Track “Imported track” created.')).toBeVisible();
  await page.getByRole('link', { name: 'Imported track' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Imported track' })).toBeVisible();

  await page.getByRole('tab', { name: 'JSON import' }).click();
  const box = page.getByLabel('Track document (JSON)');
  // The second question names a module the document does not have.
  await box.fill(document('Ensembels'));
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByText('Nothing was imported: 1 row has errors (shown next to it).')).toBeVisible();
  const bad = page.locator('tr[data-row="questions[1]"]');
  await expect(bad).toContainText('What does bagging average?');
  await expect(bad).toContainText('no module named "Ensembels"');
  await expect(page.locator('tr[data-row="questions[0]"]')).not.toContainText('no module');
  await checkPage(page, J, 'import-row-error');

  await box.fill(document('Ensembles'));
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByText('Imported: 2 modules, 2 questions, 1 articles.')).toBeVisible();
  await expect(page.locator('.row-error')).toHaveCount(0);
  await page.getByRole('tab', { name: 'Question bank' }).click();
  await expect(page.getByText('2 questions')).toBeVisible();
  await page.getByLabel('Module').selectOption({ label: 'Ensembles' });
  await expect(page.getByText('1 question', { exact: true })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: /What does bagging average/ })).toBeVisible();

  // Settings: version 1 with the defaults, then version 2 drafted from it with its diff.
  await page.getByRole('tab', { name: 'Settings versions' }).click();
  await page.getByRole('button', { name: 'Create version 1 with the default settings' }).click();
  await expect(page.getByText('Version 1 ·')).toBeVisible();
  await page.getByRole('button', { name: 'New version from version 1' }).click();
  const pass = page.getByLabel('Level exam pass mark (%)');
  const before = await pass.inputValue();
  await pass.fill(String(Number(before) - 5));
  const diff = page.getByRole('table', { name: 'What changes' });
  await expect(diff.getByRole('row')).toHaveCount(2);
  await expect(diff.getByRole('row', { name: /Level exam pass mark/ })).toContainText(`${before}${Number(before) - 5}`);
  await page.getByRole('button', { name: 'Create the version (it becomes current)' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: 'Version 2' })).toContainText('current');
  await expect(page.getByRole('listitem').filter({ hasText: 'Version 1' })).not.toContainText('current');

  // The approvals queue: the learner's exams per module, then approve.
  await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Approvals' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Approvals' })).toBeVisible();
  await page.getByRole('button', { name: `Review the evidence of ${learner.email}` }).click();
  const card = page.locator('li.card').filter({ hasText: learner.email });
  await expect(card.getByText('Asks to move from trainee_0 to junior_1')).toBeVisible();
  await expect(card.getByText(/Level exam, attempt 1/)).toBeVisible();
  await expect(card.getByText(/passed — 4\/4 \(100 %\)/)).toBeVisible();
  await expect(card.getByRole('rowheader', { name: 'Alpha' })).toBeVisible();
  await expect(card.getByRole('rowheader', { name: 'Beta' })).toBeVisible();
  await checkPage(page, J, 'approval-evidence');
  await card.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByText(`Approved: ${learner.email} moves on.`)).toBeVisible();
  await expect(page.getByRole('button', { name: `Review the evidence of ${learner.email}` })).toHaveCount(0);
  const stage = await currentStage(learner.token);
  expect(stage.stage).toBe('junior_1');
  expect(errors).toEqual([]);
});
