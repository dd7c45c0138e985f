import { useTranslation } from 'react-i18next';
import { CodeBlock } from './CodeBlock';
import { Markdown } from './Markdown';
import { Quiz, type QuizBlock } from './Quiz';

type Block = Record<string, unknown> & { type?: unknown };

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function isQuiz(b: Block): b is Block & QuizBlock {
  return typeof b.id === 'string' && typeof b.question === 'string' && Array.isArray(b.options);
}

/** Renders a lesson's content blocks: markdown, code, video, quiz (unknown kinds are skipped). */
export function Blocks({ lessonId, blocks }: { lessonId: number; blocks: unknown[] }) {
  return (
    <>
      {blocks.map((raw, i) => {
        const b = (raw ?? {}) as Block;
        switch (b.type) {
          case 'markdown':
          case 'text':
            return <Markdown key={i} source={str(b.markdown) || str(b.text)} />;
          case 'code':
            return <CodeBlock key={i} code={str(b.code)} language={str(b.language)} />;
          case 'video':
            return <Video key={i} url={str(b.url)} title={str(b.title)} />;
          case 'quiz':
            return isQuiz(b) ? <Quiz key={i} lessonId={lessonId} quiz={b} /> : null;
          default:
            return null;
        }
      })}
    </>
  );
}

/** Same-origin videos play inline; others open in a new tab (the app's CSP allows only self). */
function Video({ url, title }: { url: string; title: string }) {
  const { t } = useTranslation();
  if (!url) return null;
  if (url.startsWith('/')) {
    return (
      <figure className="video">
        <video controls preload="metadata" src={url} aria-label={title || t('learn.video')}>
          <a href={url}>{t('learn.downloadVideo')}</a>
        </video>
        {title && <figcaption>{title}</figcaption>}
      </figure>
    );
  }
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    /* keep url */
  }
  return (
    <figure className="video video-external card">
      <span aria-hidden="true" className="video-icon">
        ▶
      </span>
      <figcaption>
        <a href={url} target="_blank" rel="noopener noreferrer">
          {t('learn.watch', { title: title || t('learn.video') })}
        </a>
        <span className="muted"> ({host})</span>
      </figcaption>
    </figure>
  );
}
