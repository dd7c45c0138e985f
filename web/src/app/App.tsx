import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { RouterProvider } from 'react-router';
import type { Api } from '../api/client';
import { ApiProvider } from '../api/context';
import { i18n } from '../i18n';
import { createQueryClient } from './queryClient';
import { createAppRouter } from './router';

export function App({ api }: { api: Api }) {
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(createAppRouter);
  useEffect(() => {
    // Logout or a revoked session: nothing of the previous user stays in the cache.
    api.session.onSessionEnd(() => queryClient.clear());
    // Translated content: refetch everything in the new language. A first fetch still in
    // flight (no data yet) would otherwise be reused by the refetch and show the old language.
    const onLang = () => {
      void queryClient.cancelQueries().then(() => queryClient.invalidateQueries());
    };
    i18n.on('languageChanged', onLang);
    return () => i18n.off('languageChanged', onLang);
  }, [api, queryClient]);
  return (
    <ApiProvider api={api}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </ApiProvider>
  );
}
