// The lesson editor's model of content blocks, and the checks the editor runs before saving
// (the server checks again). Blocks keep a local `key` for React; it is never sent.

export interface QuizOption {
  id: string;
  text: string;
}

export type EditBlock =
  | { key: string; type: 'markdown'; markdown: string }
  | { key: string; type: 'code'; language: string; code: string }
  | { key: string; type: 'video'; url: string; title: string }
  | { key: string; type: 'quiz'; id: string; question: string; options: QuizOption[]; correct_option_id: string };

export type BlockType = EditBlock['type'];
export const BLOCK_TYPES: BlockType[] = ['markdown', 'code', 'video', 'quiz'];
export const CODE_LANGUAGES = ['python', 'javascript', 'typescript', 'rust', 'sql', 'bash', 'json', 'text'];

let seq = 0;
export function newKey(prefix = 'b'): string {
  seq += 1;
  return `${prefix}${Date.now().toString(36)}${seq}`;
}

export function emptyBlock(type: BlockType): EditBlock {
  const key = newKey();
  switch (type) {
    case 'markdown':
      return { key, type, markdown: '' };
    case 'code':
      return { key, type, language: 'python', code: '' };
    case 'video':
      return { key, type, url: '', title: '' };
    case 'quiz':
      return {
        key,
        type,
        id: newKey('q'),
        question: '',
        options: [
          { id: 'a', text: '' },
          { id: 'b', text: '' },
        ],
        correct_option_id: '',
      };
  }
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The server's blocks as editor blocks (`text` blocks become markdown; unknown kinds are dropped). */
export function fromContent(content: unknown[]): EditBlock[] {
  const out: EditBlock[] = [];
  for (const raw of content) {
    const b = (raw ?? {}) as Record<string, unknown>;
    const key = newKey();
    switch (b.type) {
      case 'markdown':
      case 'text':
        out.push({ key, type: 'markdown', markdown: str(b.markdown) || str(b.text) });
        break;
      case 'code':
        out.push({ key, type: 'code', language: str(b.language), code: str(b.code) });
        break;
      case 'video':
        out.push({ key, type: 'video', url: str(b.url), title: str(b.title) });
        break;
      case 'quiz': {
        const options = Array.isArray(b.options)
          ? b.options.map((o) => ({ id: str((o as Record<string, unknown>)?.id), text: str((o as Record<string, unknown>)?.text) }))
          : [];
        out.push({ key, type: 'quiz', id: str(b.id) || newKey('q'), question: str(b.question), options, correct_option_id: str(b.correct_option_id) });
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/** Editor blocks as the API's content (without the local keys). */
export function toContent(blocks: EditBlock[]): Record<string, unknown>[] {
  return blocks.map(({ key: _key, ...rest }) => rest);
}

/** A problem found before saving: which block, and the i18n key that says what is wrong. */
export interface BlockProblem {
  index: number;
  message: string;
}

export function validateBlocks(blocks: EditBlock[]): BlockProblem[] {
  const problems: BlockProblem[] = [];
  blocks.forEach((b, index) => {
    const add = (message: string) => problems.push({ index, message });
    switch (b.type) {
      case 'markdown':
        if (!b.markdown.trim()) add('studio.problems.emptyText');
        break;
      case 'code':
        if (!b.code.trim()) add('studio.problems.emptyCode');
        break;
      case 'video':
        if (!/^(https?:\/\/|\/)\S+$/.test(b.url.trim())) add('studio.problems.videoUrl');
        break;
      case 'quiz': {
        if (!b.question.trim()) add('studio.problems.quizQuestion');
        if (b.options.length < 2) add('studio.problems.quizOptions');
        if (b.options.some((o) => !o.text.trim())) add('studio.problems.quizOptionText');
        const correct = b.options.filter((o) => o.id === b.correct_option_id).length;
        if (correct !== 1) add('studio.problems.quizCorrect');
        break;
      }
    }
  });
  return problems;
}

/** The next free option id: a, b, c, … then o1, o2, … */
export function nextOptionId(options: QuizOption[]): string {
  const used = new Set(options.map((o) => o.id));
  for (const c of 'abcdefghijklmnopqrstuvwxyz') if (!used.has(c)) return c;
  let i = 1;
  while (used.has(`o${i}`)) i += 1;
  return `o${i}`;
}

/** Moves the item at `from` to `to` (both in range), returning a new array. */
export function move<T>(items: T[], from: number, to: number): T[] {
  const next = items.slice();
  const [it] = next.splice(from, 1);
  if (it === undefined) return items;
  next.splice(to, 0, it);
  return next;
}

/** One item per line, blank lines dropped. */
export function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}
