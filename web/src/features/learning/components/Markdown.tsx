import { memo } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';
import { CodeBlock } from './CodeBlock';

// Lesson text comes from teachers: rendered without raw HTML and sanitized (GitHub's schema),
// so a lesson can never inject scripts, styles or event handlers.
const components: Components = {
  code({ className, children, ...rest }) {
    const lang = /language-([\w-]+)/.exec(className ?? '')?.[1];
    const text = String(children ?? '');
    if (lang || text.includes('\n')) return <CodeBlock code={text.replace(/\n$/, '')} language={lang ?? ''} />;
    return (
      <code className={className} {...rest}>
        {children}
      </code>
    );
  },
  pre({ children }) {
    return <>{children}</>;
  },
  h1: ({ children }) => <h2>{children}</h2>,
  h2: ({ children }) => <h3>{children}</h3>,
  h3: ({ children }) => <h4>{children}</h4>,
  a: ({ href, children }) => (
    <a href={href} rel="noopener noreferrer nofollow">
      {children}
    </a>
  ),
  img: ({ src, alt }) => (typeof src === 'string' && src.startsWith('/') ? <img src={src} alt={alt ?? ''} loading="lazy" /> : <a href={typeof src === 'string' ? src : undefined}>{alt || src}</a>),
};

const rehypePlugins = [rehypeSanitize];

/**
 * One Markdown block. Parsing is the lesson page's most expensive work and react-markdown
 * parses on every render, so a block renders again only when its text changes (not when the
 * syllabus arrives, "mark complete" is pressed or a query refetches).
 */
export const Markdown = memo(function Markdown({ source }: { source: string }) {
  return (
    <div className="prose">
      <ReactMarkdown rehypePlugins={rehypePlugins} components={components} skipHtml>
        {source}
      </ReactMarkdown>
    </div>
  );
});
