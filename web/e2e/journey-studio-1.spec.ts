// Studio journey 1: a teacher creates a course (2 modules, 3 lessons, one a quiz), reorders
// it by keyboard, translates it to Russian and submits it; a producer sends it back with a
// comment; the teacher sees why, fixes a lesson and resubmits; the producer publishes; a
// learner finds it in the catalog in Russian. Every studio and producer page: axe + 375/1440 px.
import { expect, test } from '@playwright/test';
import { checkPage, watchErrors } from './support';
import { PRODUCER, TEACHER, signInAs, signOut } from './studio-support';

const J = 'studio-1';

test('a course goes from the studio through review to the Russian catalog', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  const stamp = `${Date.now() % 1_000_000}`;
  const title = `Gradient Boosting Workshop ${stamp}`;
  const titleRu = `Практикум по градиентному бустингу ${stamp}`;

  // The teacher's studio: the nav entry is there for teachers.
  await signInAs(page, TEACHER, '/dashboard');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Studio' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Teacher studio' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Producer' })).toHaveCount(0);
  await checkPage(page, J, 'studio-home');

  // Create the course.
  await page.getByRole('link', { name: 'New course' }).click();
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Description').fill('Trees, boosting and how to tune them.');
  await page.getByLabel('Requirements').fill('Python basics\nDecision trees');
  await page.getByLabel('What you will learn').fill('Train a boosted model');
  await checkPage(page, J, 'new-course');
  await page.getByRole('button', { name: 'Create the course' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Syllabus' })).toHaveAttribute('aria-selected', 'true');

  // Two modules, three lessons.
  const addModule = async (name: string) => {
    await page.getByLabel('New module title').fill(name);
    await page.getByRole('button', { name: 'Add the module' }).click();
    await expect(page.getByRole('heading', { level: 3, name: new RegExp(name) })).toBeVisible();
  };
  await addModule('Foundations');
  await addModule('Practice');
  const addLesson = async (module: string, name: string) => {
    await page.getByLabel(`New lesson in ${module}`).fill(name);
    await page.getByRole('button', { name: 'Add the lesson' }).nth(module === 'Foundations' ? 0 : 1).click();
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  };
  await addLesson('Foundations', 'What boosting is');
  await addLesson('Foundations', 'Check yourself');
  await addLesson('Practice', 'Tuning in code');

  // Reorder by keyboard: the quiz lesson moves above the first one.
  const foundations = page.getByRole('list', { name: 'Lessons of Foundations' });
  await expect(foundations.getByRole('link')).toHaveText(['What boosting is', 'Check yourself']);
  const handle = page.getByRole('button', { name: 'Move lesson Check yourself' });
  await handle.focus();
  // Each step is announced (dnd-kit's live region, in the UI language).
  await page.keyboard.press('Space');
  await expect(handle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText('Check yourself moved to position 2 of 2.')).toBeAttached();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByText('Check yourself moved to position 1 of 2.')).toBeAttached();
  await page.keyboard.press('Space');
  await expect(page.getByText('Check yourself dropped at position 1 of 2.')).toBeAttached();
  await expect(foundations.getByRole('link')).toHaveText(['Check yourself', 'What boosting is']);
  await page.reload();
  await expect(page.getByRole('list', { name: 'Lessons of Foundations' }).getByRole('link')).toHaveText(['Check yourself', 'What boosting is']);
  await checkPage(page, J, 'syllabus');

  // Lesson 1: markdown with a live preview.
  await page.getByRole('link', { name: 'What boosting is', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Editing “What boosting is”' })).toBeVisible();
  await page.getByRole('button', { name: '+ Text' }).click();
  await page.getByLabel('Text (Markdown)').fill('# Boosting\n\nWeak learners, **added up**.\n\n<script>alert(1)</script>');
  const preview = page.getByRole('region', { name: 'Preview of Block 1: Text' });
  await expect(preview.getByRole('heading', { name: 'Boosting' })).toBeVisible();
  await expect(preview.locator('strong')).toHaveText('added up');
  await expect(preview.locator('script')).toHaveCount(0);
  await page.getByRole('button', { name: 'Save the lesson' }).click();
  await expect(page.getByText('The lesson was saved.')).toBeVisible();
  await checkPage(page, J, 'lesson-markdown');

  // Lesson 2: a quiz must have exactly one correct option.
  await page.getByRole('link', { name: 'Back to the syllabus' }).click();
  await page.getByRole('link', { name: 'Check yourself', exact: true }).click();
  await page.getByRole('button', { name: '+ Quiz' }).click();
  await page.getByLabel('Question').fill('What does boosting add up?');
  await page.getByRole('textbox', { name: 'Option 1' }).fill('Weak learners');
  await page.getByRole('textbox', { name: 'Option 2' }).fill('Strong learners');
  await page.getByRole('button', { name: 'Save the lesson' }).click();
  await expect(page.getByText('Mark exactly one option as correct.')).toBeVisible();
  await page.getByRole('radio', { name: 'Option 1 is the correct one' }).check();
  await page.getByRole('button', { name: 'Save the lesson' }).click();
  await expect(page.getByText('The lesson was saved.')).toBeVisible();
  await checkPage(page, J, 'lesson-quiz');

  // Lesson 3: code with its language, and a video.
  await page.getByRole('link', { name: 'Back to the syllabus' }).click();
  await page.getByRole('link', { name: 'Tuning in code', exact: true }).click();
  await page.getByRole('button', { name: '+ Code' }).click();
  await page.getByLabel('Programming language').selectOption('python');
  await page.getByLabel('Code', { exact: true }).fill('model.fit(X, y)');
  await page.getByRole('button', { name: '+ Video' }).click();
  await page.getByLabel('Video address').fill('https://example.com/boosting.mp4');
  await page.getByLabel('Video title').fill('Boosting in ten minutes');
  await page.getByRole('button', { name: 'Save the lesson' }).click();
  await expect(page.getByText('The lesson was saved.')).toBeVisible();

  // Translate to Russian, side by side with the original.
  await page.getByRole('link', { name: 'Back to the syllabus' }).click();
  await page.getByRole('tab', { name: 'Translations' }).click();
  await expect(page.getByRole('button', { name: 'Русский', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await page.getByLabel('Title in Русский', { exact: true }).fill(titleRu);
  await page.getByLabel('Description in Русский', { exact: true }).fill('Деревья, бустинг и их настройка.');
  await page.getByLabel('Module “Foundations” in Русский', { exact: true }).fill('Основы');
  await page.getByLabel('Module “Practice” in Русский', { exact: true }).fill('Практика');
  await page.getByLabel('Lesson “What boosting is” in Русский', { exact: true }).fill('Что такое бустинг');
  await page.getByLabel('Lesson “Check yourself” in Русский', { exact: true }).fill('Проверьте себя');
  await page.getByLabel('Lesson “Tuning in code” in Русский', { exact: true }).fill('Настройка в коде');
  await page.getByLabel('What boosting is, block 1, Text in Русский', { exact: true }).fill('# Бустинг\n\nСлабые модели, **сложенные вместе**.');
  await checkPage(page, J, 'translations');
  await page.getByRole('button', { name: 'Save the Русский translation' }).click();
  await expect(page.getByText('The Русский translation was saved.')).toBeVisible();

  // Preview as a learner, then submit.
  await page.getByRole('link', { name: 'Preview as a learner' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Preview as a learner' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Boosting', exact: true })).toBeVisible();
  await expect(page.getByText('What does boosting add up?')).toBeVisible();
  await checkPage(page, J, 'preview');
  await page.getByRole('link', { name: 'Back to the editor' }).click();
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await expect(page.getByRole('heading', { name: /Status:/ }).getByText('In review')).toBeVisible();
  await signOut(page);

  // The producer sends it back with a comment.
  await signInAs(page, PRODUCER, '/producer');
  await expect(page.getByRole('heading', { level: 1, name: 'Producer console' })).toBeVisible();
  await checkPage(page, J, 'producer-queue');
  await page.getByRole('link', { name: `Open ${title}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await checkPage(page, J, 'producer-review');
  await page.getByLabel('What should the teacher change?').fill('The first lesson needs an example.');
  await page.getByRole('button', { name: 'Send back to draft' }).click();
  await expect(page.getByText('The course was sent back to its teacher.')).toBeVisible();
  await signOut(page);

  // The teacher reads why, fixes the lesson and resubmits.
  await signInAs(page, TEACHER, '/studio');
  const card = page.locator('li.studio-course', { hasText: title });
  await expect(card.getByText('Draft')).toBeVisible();
  await expect(card.getByText('The first lesson needs an example.')).toBeVisible();
  await card.getByRole('link', { name: title }).click();
  await expect(page.getByRole('note', { name: 'Sent back by the producer:' })).toContainText('The first lesson needs an example.');
  await page.getByRole('tab', { name: 'Syllabus' }).click();
  await page.getByRole('link', { name: 'What boosting is', exact: true }).click();
  await page.getByRole('button', { name: '+ Code' }).click();
  await page.getByLabel('Code', { exact: true }).fill('from sklearn.ensemble import GradientBoostingClassifier');
  await page.getByRole('button', { name: 'Save the lesson' }).click();
  await expect(page.getByText('The lesson was saved.')).toBeVisible();
  await page.goto(`/studio`);
  await page.locator('li.studio-course', { hasText: title }).getByRole('link', { name: title }).click();
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await expect(page.getByRole('heading', { name: /Status:/ }).getByText('In review')).toBeVisible();
  await signOut(page);

  // The producer publishes it; the moderation and taxonomy pages pass axe too.
  await signInAs(page, PRODUCER, '/producer');
  await page.getByRole('link', { name: `Open ${title}` }).click();
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('The course is published.')).toBeVisible();
  await page.goto('/producer/moderation');
  await expect(page.getByRole('heading', { level: 1, name: 'Moderation' })).toBeVisible();
  await checkPage(page, J, 'producer-moderation');
  await page.goto('/producer/taxonomy');
  await expect(page.getByRole('heading', { level: 2, name: 'Categories' })).toBeVisible();
  await checkPage(page, J, 'producer-taxonomy');
  await signOut(page);

  // A learner finds it in the catalog, in Russian.
  await page.goto('/courses');
  await page.getByLabel('Language').selectOption('ru');
  await expect(page.getByRole('heading', { level: 1, name: 'Курсы' })).toBeVisible();
  await page.getByRole('searchbox').fill(stamp);
  await page.getByRole('button', { name: 'Найти', exact: true }).click();
  await page.getByRole('link', { name: titleRu }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: titleRu })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Основы' })).toBeVisible();
  await checkPage(page, J, 'catalog-course-ru');
  await page.getByLabel('Язык').selectOption('en');
  expect(errors).toEqual([]);
});
