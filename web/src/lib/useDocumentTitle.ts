import { useEffect } from 'react';

/** Sets the tab title (screen readers announce it on navigation). */
export function useDocumentTitle(title: string | undefined) {
  useEffect(() => {
    if (title) document.title = `${title} · Practicum`;
  }, [title]);
}
