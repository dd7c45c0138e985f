import Markdown from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';

/** An article's markdown, sanitised (no raw HTML gets through). Headings start at h2. */
export function Article({ markdown }: { markdown: string }) {
  return (
    <div className="prose">
      <Markdown rehypePlugins={[rehypeSanitize]} components={{ h1: 'h2', h2: 'h3', h3: 'h4' }}>
        {markdown}
      </Markdown>
    </div>
  );
}
