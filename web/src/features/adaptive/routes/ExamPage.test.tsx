import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { envelope, json, renderRoute } from '../../../test/helpers';
import ExamPage from './ExamPage';

const questions = [1, 2].map((id) => ({
  question_id: id,
  module_id: id,
  text: `Question ${id}?`,
  options: [
    { option_id: id * 10, text: `right ${id}` },
    { option_id: id * 10 + 1, text: `wrong ${id}` },
  ],
}));

function graded(passed: boolean, attemptNo: number) {
  return {
    attempt_id: 100 + attemptNo,
    attempt_no: attemptNo,
    score_total: passed ? 2 : 1,
    total_q: 2,
    percentage: passed ? 100 : 50,
    passed,
    per_module: [
      { module_id: 1, module: 'Python for ML', total: 1, correct: 1 },
      { module_id: 2, module: 'Linear models', total: 1, correct: passed ? 1 : 0 },
    ],
    progress: passed ? { action: 'pending_approval', approval_id: 9, approval_kind: 'rank_transition', to: 'junior_1' } : { action: 'none' },
  };
}

describe('the level exam page', () => {
  beforeEach(() => sessionStorage.clear());

  it('starts, holds back an incomplete submit, grades per module, and a retake after a fail passes', async () => {
    let starts = 0;
    const submitted: unknown[] = [];
    await renderRoute({
      routes: [{ path: '/track/exam/:kind', element: <ExamPage /> }],
      path: '/track/exam/level',
      signedIn: true,
      handler: async (req) => {
        const path = new URL(req.url).pathname;
        if (path === '/api/v1/exams/level/start') {
          starts += 1;
          return json({ attempt_id: 100 + starts, attempt_no: starts, total_q: 2, questions, reasons: [] }, 201);
        }
        const m = path.match(/^\/api\/v1\/exams\/level\/(\d+)\/submit$/);
        if (m) {
          const body = (await req.json()) as { answers: Array<{ option_id: number }> };
          submitted.push({ attempt: Number(m[1]), ...body });
          return json(graded(body.answers.every((a) => a.option_id % 10 === 0), Number(m[1]) - 100));
        }
        return envelope(404, 'not_found', 'no such route');
      },
    });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Start' }));
    expect(await screen.findByText('Answered 0 of 2')).toBeInTheDocument();

    await user.click(screen.getByRole('radio', { name: 'right 1' }));
    await user.click(screen.getByRole('button', { name: 'Submit the answers' }));
    expect(await screen.findByText('1 question has no answer yet.')).toBeInTheDocument();
    expect(screen.getByText('Answer this question.')).toBeInTheDocument();
    expect(submitted).toHaveLength(0);

    await user.click(screen.getByRole('radio', { name: 'wrong 2' }));
    await user.click(screen.getByRole('button', { name: 'Submit the answers' }));
    expect(await screen.findByRole('heading', { name: 'Not passed' })).toBeInTheDocument();
    expect(screen.getByText('1 of 2 correct (50 %)')).toBeInTheDocument();
    expect(screen.getByRole('row', { name: /Linear models 0 of 1/ })).toBeInTheDocument();
    expect(submitted[0]).toEqual({ attempt: 101, answers: [{ question_id: 1, option_id: 10 }, { question_id: 2, option_id: 21 }] });

    await user.click(screen.getByRole('button', { name: 'Retake the exam' }));
    expect(await screen.findByText('Attempt 2')).toBeInTheDocument();
    // The retake starts with nothing picked.
    expect(screen.getByRole('radio', { name: 'wrong 2' })).not.toBeChecked();
    await user.click(screen.getByRole('radio', { name: 'right 1' }));
    await user.click(screen.getByRole('radio', { name: 'right 2' }));
    await user.click(screen.getByRole('button', { name: 'Submit the answers' }));
    expect(await screen.findByRole('heading', { name: 'Passed' })).toBeInTheDocument();
    expect(screen.getByText('Your pass was sent to an administrator to approve your next rank.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Retake the exam' })).not.toBeInTheDocument();
    expect(starts).toBe(2);
  });

  it('names the required articles still open when the exam is refused as not eligible', async () => {
    await renderRoute({
      routes: [{ path: '/track/exam/:kind', element: <ExamPage /> }],
      path: '/track/exam/level',
      signedIn: true,
      handler: () =>
        envelope(412, 'not_eligible', 'close every required article (pass its mini-test) first', {
          required_total: 2,
          required_done: 1,
          optional_total: 6,
          optional_done: 0,
          missing_required: [42],
          missing_optional: [],
          eligible: false,
        }),
    });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Start' }));
    await waitFor(() => expect(screen.getByText('The exam is not open yet.')).toBeInTheDocument());
    expect(screen.getByText('Required articles closed: 1 of 2')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '#42' })).toHaveAttribute('href', '/track/content/42');
  });

  it('resumes an attempt left open by a reload instead of starting another', async () => {
    sessionStorage.setItem('practicum.exam.level.7', JSON.stringify({ attempt: { attemptId: 300, attemptNo: 3, questions }, answers: { 1: 11 } }));
    const { server } = await renderRoute({
      routes: [{ path: '/track/exam/:kind', element: <ExamPage /> }],
      path: '/track/exam/level',
      signedIn: true,
      handler: () => envelope(500, 'internal', 'unexpected'),
    });
    expect(await screen.findByText('Attempt 3')).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'wrong 1' })).toBeChecked();
    expect(server.requests).toHaveLength(0);
  });
});
