// The JSON import, row by row: the document is split into its rows (modules, questions,
// articles) and the server's field errors (`questions[3].options[1].text`) are attached to
// the row they name, so each error is shown next to its row.
import type { ImportDocument } from './hooks';

export type Section = 'modules' | 'questions' | 'articles';

export interface ImportRow {
  key: string;
  section: Section;
  index: number;
  summary: string;
  errors: Array<{ field: string; message: string }>;
}

export type Parsed = { ok: true; doc: ImportDocument } | { ok: false; message: string };

export function parseDocument(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, message: 'not an object' };
  return { ok: true, doc: value as ImportDocument };
}

function summary(section: Section, row: unknown): string {
  if (section === 'modules') return typeof row === 'string' ? row : JSON.stringify(row);
  const r = (row ?? {}) as Record<string, unknown>;
  const head = [r.module, r.stage].filter((x) => typeof x === 'string').join(' · ');
  const body = section === 'questions' ? r.text : r.title;
  return [head, typeof body === 'string' ? body : ''].filter(Boolean).join(' — ');
}

export function rowsOf(doc: ImportDocument): ImportRow[] {
  const out: ImportRow[] = [];
  for (const section of ['modules', 'questions', 'articles'] as const) {
    const list = doc[section];
    if (!Array.isArray(list)) continue;
    list.forEach((row: unknown, index: number) => {
      out.push({ key: `${section}[${index}]`, section, index, summary: summary(section, row), errors: [] });
    });
  }
  return out;
}

/** Field errors of a 422 (`details.fields` as a list or a map), every one kept. */
export function fieldList(details: unknown): Array<{ field: string; message: string }> {
  const fields = (details as { fields?: unknown } | null)?.fields;
  if (Array.isArray(fields)) {
    return fields.flatMap((f) =>
      f && typeof f === 'object' && typeof f.field === 'string' && typeof f.message === 'string' ? [{ field: f.field, message: f.message }] : [],
    );
  }
  if (fields && typeof fields === 'object') {
    return Object.entries(fields as Record<string, unknown>).flatMap(([field, v]) =>
      (Array.isArray(v) ? v : [v]).filter((m): m is string => typeof m === 'string').map((message) => ({ field, message })),
    );
  }
  return [];
}

/** Attaches each error to its row; errors that name no row come back on their own. */
export function attachErrors(rows: ImportRow[], errors: Array<{ field: string; message: string }>) {
  const byKey = new Map(rows.map((r) => [r.key, { ...r, errors: [] as ImportRow['errors'] }]));
  const other: ImportRow['errors'] = [];
  for (const e of errors) {
    const m = /^(modules|questions|articles)\[(\d+)\]/.exec(e.field);
    const row = m ? byKey.get(`${m[1]}[${m[2]}]`) : undefined;
    if (row) row.errors.push({ field: e.field.slice(m![0].length).replace(/^\./, '') || e.field, message: e.message });
    else other.push(e);
  }
  return { rows: [...byKey.values()], other };
}
