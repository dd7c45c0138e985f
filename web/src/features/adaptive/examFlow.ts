// The state of a test the learner takes in one go (level exam, rank final, fixed diagnostic,
// mini-test): started → every question answered → submitted → graded → retake. Pure, so
// the flow is tested without a browser; the pages keep it in a reducer and in
// sessionStorage (questions and picks only — never a token), so a reload mid-exam does not
// lose the open attempt the server would refuse to start again.
import type { Answer, Question } from './hooks';

export interface OpenAttempt {
  attemptId: number;
  attemptNo?: number;
  questions: Question[];
}

export type FlowState<R> =
  | { phase: 'idle' }
  | { phase: 'answering'; attempt: OpenAttempt; answers: Record<number, number>; showMissing: boolean }
  | { phase: 'graded'; attempt: OpenAttempt; answers: Record<number, number>; result: R };

export type FlowAction<R> =
  | { type: 'started'; attempt: OpenAttempt }
  | { type: 'answered'; questionId: number; optionId: number }
  | { type: 'submitBlocked' }
  | { type: 'graded'; result: R }
  | { type: 'retake' };

export function flowReducer<R>(state: FlowState<R>, action: FlowAction<R>): FlowState<R> {
  switch (action.type) {
    case 'started':
      return { phase: 'answering', attempt: action.attempt, answers: {}, showMissing: false };
    case 'answered': {
      if (state.phase !== 'answering') return state;
      if (!state.attempt.questions.some((q) => q.question_id === action.questionId)) return state;
      return { ...state, answers: { ...state.answers, [action.questionId]: action.optionId } };
    }
    case 'submitBlocked':
      return state.phase === 'answering' ? { ...state, showMissing: true } : state;
    case 'graded':
      return state.phase === 'answering' ? { phase: 'graded', attempt: state.attempt, answers: state.answers, result: action.result } : state;
    case 'retake':
      return { phase: 'idle' };
  }
}

/** The questions still without an answer, in the order shown. */
export function unanswered<R>(state: FlowState<R>): Question[] {
  if (state.phase !== 'answering') return [];
  return state.attempt.questions.filter((q) => state.answers[q.question_id] == null);
}

/** The submit body: exactly one answer per question, or null while one is missing. */
export function answersOf<R>(state: FlowState<R>): Answer[] | null {
  if (state.phase !== 'answering' || unanswered(state).length > 0) return null;
  return state.attempt.questions.map((q) => ({ question_id: q.question_id, option_id: state.answers[q.question_id] as number }));
}

/** Keeps an open attempt (questions and picks) across reloads of this tab. */
export function saveOpen<R>(key: string, state: FlowState<R>): void {
  try {
    if (state.phase === 'answering') {
      sessionStorage.setItem(key, JSON.stringify({ attempt: state.attempt, answers: state.answers }));
    } else {
      sessionStorage.removeItem(key);
    }
  } catch {
    /* storage unavailable: the attempt lives as long as the page */
  }
}

export function loadOpen<R>(key: string): FlowState<R> {
  try {
    const raw = sessionStorage.getItem(key);
    if (!raw) return { phase: 'idle' };
    const saved = JSON.parse(raw) as { attempt?: OpenAttempt; answers?: Record<number, number> };
    if (!saved.attempt || !Array.isArray(saved.attempt.questions)) return { phase: 'idle' };
    return { phase: 'answering', attempt: saved.attempt, answers: saved.answers ?? {}, showMissing: false };
  } catch {
    return { phase: 'idle' };
  }
}
