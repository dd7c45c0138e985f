import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { envelope, json, renderRoute, wrap } from '../../../test/helpers';
import { Quiz } from './Quiz';

const quiz = {
  id: 'check',
  question: 'What does np.linspace(0, 1, 5).mean() print?',
  options: [
    { id: 'a', text: '0.5' },
    { id: 'b', text: '0.25' },
  ],
};

describe('an inline quiz', () => {
  it('asks for an answer, then shows at once whether it was right and which one is', async () => {
    const bodies: unknown[] = [];
    const { server } = await renderRoute({
      routes: wrap(<Quiz lessonId={2} quiz={quiz} />),
      path: '/',
      signedIn: true,
      handler: async (req) => {
        const body = (await req.json()) as { answer_id: string };
        bodies.push(body);
        return json({ is_correct: body.answer_id === 'a', correct_answer_id: 'a' });
      },
    });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Check the answer' }));
    expect(screen.getByText('Choose an answer first.')).toBeInTheDocument();
    expect(server.requests).toHaveLength(0);

    await user.click(screen.getByRole('radio', { name: '0.25' }));
    await user.click(screen.getByRole('button', { name: 'Check the answer' }));
    expect(await screen.findByText('Not quite. The correct answer is marked.')).toBeInTheDocument();
    expect(screen.getByText('0.5').closest('label')).toHaveClass('quiz-correct');
    expect(screen.getByText('0.25').closest('label')).toHaveClass('quiz-wrong');
    expect(bodies[0]).toEqual({ lesson_id: 2, question_id: 'check', answer_id: 'b' });

    // Picking again hides the old verdict until the new one arrives.
    await user.click(screen.getByRole('radio', { name: /^0\.5/ }));
    expect(screen.queryByText('Not quite. The correct answer is marked.')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Check the answer' }));
    expect(await screen.findByText('Correct!')).toBeInTheDocument();
  });

  it('says in words why a check failed', async () => {
    await renderRoute({
      routes: wrap(<Quiz lessonId={2} quiz={quiz} />),
      path: '/',
      signedIn: true,
      handler: () => envelope(403, 'not_enrolled', 'enroll in the course first'),
    });
    const user = userEvent.setup();
    await user.click(screen.getByRole('radio', { name: '0.5' }));
    await user.click(screen.getByRole('button', { name: 'Check the answer' }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('Enroll in the course first.'));
  });
});
