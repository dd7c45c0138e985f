import { beforeEach, describe, expect, it } from 'vitest';
import { answersOf, flowReducer, loadOpen, saveOpen, unanswered, type FlowState } from './examFlow';

const q = (id: number) => ({ question_id: id, module_id: 1, text: `Q${id}`, options: [{ option_id: id * 10, text: 'a' }, { option_id: id * 10 + 1, text: 'b' }] });
const attempt = { attemptId: 5, attemptNo: 1, questions: [q(1), q(2), q(3)] };
type R = { passed: boolean };

describe('the exam flow', () => {
  beforeEach(() => sessionStorage.clear());

  it('holds the submit back until every question has one answer, then sends them in question order', () => {
    let s: FlowState<R> = flowReducer<R>({ phase: 'idle' }, { type: 'started', attempt });
    s = flowReducer(s, { type: 'answered', questionId: 3, optionId: 31 });
    s = flowReducer(s, { type: 'answered', questionId: 1, optionId: 10 });
    expect(answersOf(s)).toBeNull();
    expect(unanswered(s).map((x) => x.question_id)).toEqual([2]);
    s = flowReducer(s, { type: 'submitBlocked' });
    expect(s.phase === 'answering' && s.showMissing).toBe(true);
    // A changed mind replaces the answer; it never adds a second one.
    s = flowReducer(s, { type: 'answered', questionId: 2, optionId: 20 });
    s = flowReducer(s, { type: 'answered', questionId: 2, optionId: 21 });
    expect(answersOf(s)).toEqual([
      { question_id: 1, option_id: 10 },
      { question_id: 2, option_id: 21 },
      { question_id: 3, option_id: 31 },
    ]);
  });

  it('ignores answers to questions that are not in the attempt', () => {
    const s = flowReducer<R>(flowReducer<R>({ phase: 'idle' }, { type: 'started', attempt }), { type: 'answered', questionId: 99, optionId: 1 });
    expect(s.phase === 'answering' && s.answers).toEqual({});
  });

  it('grades, then a retake starts over with no answers from the failed attempt', () => {
    let s: FlowState<R> = flowReducer<R>({ phase: 'idle' }, { type: 'started', attempt });
    for (const x of attempt.questions) s = flowReducer(s, { type: 'answered', questionId: x.question_id, optionId: x.question_id * 10 });
    s = flowReducer(s, { type: 'graded', result: { passed: false } });
    expect(s.phase).toBe('graded');
    expect(s.phase === 'graded' && s.result.passed).toBe(false);
    // Answering after grading changes nothing.
    expect(flowReducer(s, { type: 'answered', questionId: 1, optionId: 11 })).toBe(s);
    s = flowReducer(s, { type: 'retake' });
    expect(s).toEqual({ phase: 'idle' });
    s = flowReducer(s, { type: 'started', attempt: { ...attempt, attemptId: 6, attemptNo: 2 } });
    expect(s.phase === 'answering' && s.answers).toEqual({});
    expect(s.phase === 'answering' && s.attempt.attemptNo).toBe(2);
  });

  it('keeps an open attempt with its picks across a reload, and forgets it once graded', () => {
    let s: FlowState<R> = flowReducer<R>({ phase: 'idle' }, { type: 'started', attempt });
    s = flowReducer(s, { type: 'answered', questionId: 2, optionId: 20 });
    saveOpen('k', s);
    const restored = loadOpen<R>('k');
    expect(restored.phase === 'answering' && restored.attempt.attemptId).toBe(5);
    expect(restored.phase === 'answering' && restored.answers).toEqual({ 2: 20 });
    saveOpen('k', flowReducer(s, { type: 'graded', result: { passed: true } }));
    expect(loadOpen<R>('k')).toEqual({ phase: 'idle' });
    sessionStorage.setItem('k', '{not json');
    expect(loadOpen<R>('k')).toEqual({ phase: 'idle' });
  });
});
