import { describe, expect, it } from 'vitest';
import { changedBody, settingsDiff, toDraft } from './settingsDiff';
import type { SettingsBody } from './hooks';

const current: SettingsBody = {
  content_k_weak_modules: 2,
  content_optional_per_module: 1,
  content_required_per_weak_module: 1,
  minitest_questions: 3,
  minitest_pass_correct: 2,
  diagnostic_mode: 'fixed',
  diagnostic_questions_per_module: 2,
  diagnostic_max_questions: 24,
  diagnostic_confidence_pct: 90,
  level_exam_questions: 10,
  level_exam_pass_pct: 70,
  min_questions_per_module: 1,
  max_questions_per_module: 4,
  rank_final_questions: 12,
  rank_final_pass_pct: 75,
  weakness: 'errors',
  tie_break: 'fewer_asked_then_draw',
};

describe('settingsDiff', () => {
  it('finds nothing in an untouched copy of the current version', () => {
    expect(settingsDiff(current, toDraft(current))).toEqual([]);
  });

  it('lists each changed field with its old and new value, and sends only those', () => {
    const draft = { ...toDraft(current), level_exam_pass_pct: '65', weakness: 'mastery' };
    const diff = settingsDiff(current, draft);
    expect(diff).toEqual([
      { field: 'level_exam_pass_pct', from: '70', to: '65' },
      { field: 'weakness', from: 'errors', to: 'mastery' },
    ]);
    expect(changedBody(diff)).toEqual({ level_exam_pass_pct: 65, weakness: 'mastery' });
  });
});
