import { describe, expect, it } from 'vitest';
import { attachErrors, fieldList, parseDocument, rowsOf } from './importRows';

const text = JSON.stringify({
  modules: ['Linear models', 'Trees'],
  questions: [
    { module: 'Trees', stage: 'trainee_0', text: 'What is a split?', options: [{ text: 'a', is_correct: true }, { text: 'b' }] },
    { module: 'Nope', stage: 'trainee_0', text: 'Broken', options: [{ text: 'a' }] },
  ],
  articles: [{ module: 'Trees', stage: 'trainee_0', title: 'Gini', kind: 'optional' }],
});

describe('import rows', () => {
  it('splits the document into its rows with a readable summary', () => {
    const parsed = parseDocument(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const rows = rowsOf(parsed.doc);
    expect(rows.map((r) => r.key)).toEqual(['modules[0]', 'modules[1]', 'questions[0]', 'questions[1]', 'articles[0]']);
    expect(rows[3]?.summary).toBe('Nope · trainee_0 — Broken');
  });

  it('puts every error next to the row it names, and keeps the rest apart', () => {
    const parsed = parseDocument(text);
    if (!parsed.ok) throw new Error('parse');
    const errors = fieldList({
      fields: [
        { field: 'questions[1].module', message: 'no module named "Nope" in this track' },
        { field: 'questions[1].options', message: 'exactly one option must be correct' },
        { field: 'document', message: 'too large' },
      ],
    });
    const { rows, other } = attachErrors(rowsOf(parsed.doc), errors);
    const bad = rows.filter((r) => r.errors.length > 0);
    expect(bad.map((r) => r.key)).toEqual(['questions[1]']);
    expect(bad[0]?.errors).toEqual([
      { field: 'module', message: 'no module named "Nope" in this track' },
      { field: 'options', message: 'exactly one option must be correct' },
    ]);
    expect(other).toEqual([{ field: 'document', message: 'too large' }]);
  });

  it('says why text is not a document', () => {
    expect(parseDocument('{"modules": [').ok).toBe(false);
    expect(parseDocument('[1, 2]').ok).toBe(false);
  });
});
