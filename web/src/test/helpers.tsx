import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { createApi } from '../api/client';
import { ApiProvider } from '../api/context';
import { initI18n, loadSections, SECTIONS } from '../i18n';

export type Handler = (req: Request) => Response | Promise<Response>;

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export function envelope(status: number, code: string, message: string, details: unknown = null, headers: Record<string, string> = {}) {
  return json({ error: { code, message, details } }, status, headers);
}

/** A fake server: records every request, answers through `handler`. */
export function fakeServer(handler: Handler) {
  const requests: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = input instanceof Request && !init ? input : new Request(input, init);
    requests.push(req.clone());
    return handler(req);
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

export async function renderRoute(opts: { routes: RouteObject[]; path: string; handler: Handler; signedIn?: boolean }) {
  await initI18n('en');
  await loadSections(...SECTIONS);
  const server = fakeServer(opts.handler);
  const api = createApi({ baseUrl: 'http://localhost', fetch: server.fetch });
  if (opts.signedIn) {
    api.session.signIn('token-1', { user_id: 7, full_name: 'Sam Student', email: 'sam@example.org', role: 'student', is_active: true, created_at: '2026-01-01T00:00:00Z' });
  } else {
    api.session.end(null);
  }
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const router = createMemoryRouter(opts.routes, { initialEntries: [opts.path] });
  const utils = render(
    <ApiProvider api={api}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </ApiProvider>,
  );
  return { ...utils, api, router, server, queryClient };
}

export function wrap(ui: ReactElement): RouteObject[] {
  return [{ path: '*', element: ui }];
}
