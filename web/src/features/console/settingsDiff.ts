// A new settings version starts as a copy of the current one; the diff lists what the
// admin changed, field by field, before the version is created.
import type { SettingsBody } from './hooks';

export const CHOICES: Partial<Record<keyof SettingsBody, readonly string[]>> = {
  diagnostic_mode: ['fixed', 'adaptive'],
  tie_break: ['fewer_asked_then_draw', 'module_order'],
  weakness: ['errors', 'mastery'],
};

/** The tunables in a stable order (content, diagnostic, exams, rules). */
export const SETTINGS_FIELDS: Array<keyof SettingsBody> = [
  'content_k_weak_modules',
  'content_optional_per_module',
  'content_required_per_weak_module',
  'minitest_questions',
  'minitest_pass_correct',
  'diagnostic_mode',
  'diagnostic_questions_per_module',
  'diagnostic_max_questions',
  'diagnostic_confidence_pct',
  'level_exam_questions',
  'level_exam_pass_pct',
  'min_questions_per_module',
  'max_questions_per_module',
  'rank_final_questions',
  'rank_final_pass_pct',
  'weakness',
  'tie_break',
];

export type Draft = Record<keyof SettingsBody, string>;

export function toDraft(s: SettingsBody): Draft {
  const out = {} as Draft;
  for (const k of SETTINGS_FIELDS) out[k] = String(s[k]);
  return out;
}

export interface Change {
  field: keyof SettingsBody;
  from: string;
  to: string;
}

/** The fields whose draft value differs from the current version's. */
export function settingsDiff(current: SettingsBody, draft: Draft): Change[] {
  const out: Change[] = [];
  for (const k of SETTINGS_FIELDS) {
    const from = String(current[k]);
    const to = draft[k].trim();
    if (from !== to) out.push({ field: k, from, to });
  }
  return out;
}

/** The request body: only the changed fields (the server keeps the rest). */
export function changedBody(changes: Change[]): Record<string, string | number> {
  const body: Record<string, string | number> = {};
  for (const c of changes) {
    body[c.field] = CHOICES[c.field] ? c.to : Number(c.to);
  }
  return body;
}
