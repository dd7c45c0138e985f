import { startTransition, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Code shows at once as plain text; highlighting loads lazily (its own chunk, only on pages
 * with code) and replaces it. highlight.js escapes the source, so its HTML is safe to set.
 */
export function CodeBlock({ code, language }: { code: string; language: string }) {
  const { t } = useTranslation();
  const [html, setHtml] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void import('../highlight').then(({ highlight }) => {
      // The highlighted markup replaces the plain code in a background (time-sliced) render.
      if (live) startTransition(() => setHtml(highlight(code, language)));
    });
    return () => {
      live = false;
    };
  }, [code, language]);
  return (
    <figure className="code">
      {language && <figcaption className="code-lang">{language}</figcaption>}
      <pre tabIndex={0} aria-label={t('learn.codeBlock', { language: language || t('learn.code') })}>
        {html == null ? <code>{code}</code> : <code className="hljs" dangerouslySetInnerHTML={{ __html: html }} />}
      </pre>
    </figure>
  );
}
