import { describe, expect, it } from 'vitest';
import { emptyBlock, fromContent, lines, move, nextOptionId, toContent, validateBlocks, type EditBlock } from './blocks';

describe('lesson blocks', () => {
  it('round-trips the server format without the local keys', () => {
    const content = [
      { type: 'markdown', markdown: '# Hi' },
      { type: 'code', language: 'python', code: 'print(1)' },
      { type: 'video', url: '/media/a.mp4', title: 'A' },
      { type: 'quiz', id: 'q1', question: 'Two?', options: [{ id: 'a', text: '1' }, { id: 'b', text: '2' }], correct_option_id: 'b' },
    ];
    expect(toContent(fromContent(content))).toEqual(content);
  });

  it('reads legacy text blocks as markdown and drops unknown kinds', () => {
    expect(toContent(fromContent([{ type: 'text', text: 'plain' }, { type: 'hologram' }]))).toEqual([{ type: 'markdown', markdown: 'plain' }]);
  });

  it('wants exactly one correct option in a quiz', () => {
    const quiz = emptyBlock('quiz') as Extract<EditBlock, { type: 'quiz' }>;
    quiz.question = 'Which?';
    quiz.options = [
      { id: 'a', text: 'x' },
      { id: 'b', text: 'y' },
    ];
    expect(validateBlocks([quiz]).map((p) => p.message)).toEqual(['studio.problems.quizCorrect']);
    expect(validateBlocks([{ ...quiz, correct_option_id: 'b' }])).toEqual([]);
    expect(validateBlocks([{ ...quiz, correct_option_id: 'b', options: [{ id: 'b', text: 'y' }] }]).map((p) => p.message)).toEqual([
      'studio.problems.quizOptions',
    ]);
  });

  it('names the block and the problem for empty text, code and a bad video address', () => {
    const problems = validateBlocks([emptyBlock('markdown'), emptyBlock('code'), { ...emptyBlock('video'), url: 'javascript:alert(1)' } as EditBlock]);
    expect(problems).toEqual([
      { index: 0, message: 'studio.problems.emptyText' },
      { index: 1, message: 'studio.problems.emptyCode' },
      { index: 2, message: 'studio.problems.videoUrl' },
    ]);
  });

  it('gives fresh option ids and moves items', () => {
    expect(nextOptionId([{ id: 'a', text: '' }, { id: 'c', text: '' }])).toBe('b');
    expect(move(['a', 'b', 'c'], 0, 2)).toEqual(['b', 'c', 'a']);
    expect(lines(' one \n\n two\n')).toEqual(['one', 'two']);
  });
});
