import { lazy, Suspense, type ComponentType, type ReactElement } from 'react';
import { matchRoutes, type RouteObject } from 'react-router';
import { Skeleton } from '../ui';

type PageModule = { default: ComponentType };

/** How to fetch each lazy page's chunk ahead of its first render, keyed by its element. */
const preloads = new WeakMap<ReactElement, () => Promise<PageModule>>();

/**
 * A page loaded on demand. The router renders the shell at once and the page's chunk fills
 * the main area when it arrives (a route-level `lazy` would hold the whole first paint
 * back and then swap it, which Lighthouse counts as layout shift).
 */
export function lazyPage(load: () => Promise<PageModule>): ReactElement {
  // One download whoever asks first (the preload below or React); a failed one may be retried.
  let pending: Promise<PageModule> | undefined;
  const once = () =>
    (pending ??= load().catch((e: unknown) => {
      pending = undefined;
      throw e;
    }));
  const Page = lazy(once);
  const element = (
    <Suspense fallback={<Skeleton lines={6} />}>
      <Page />
    </Suspense>
  );
  preloads.set(element, once);
  return element;
}

/**
 * Starts downloading the chunks of the pages `pathname` renders, so they arrive while the
 * shell boots and the session is restored instead of after (no request waterfall).
 */
export function preloadRoutes(routes: RouteObject[], pathname: string): void {
  for (const { route } of matchRoutes(routes, pathname) ?? []) {
    const start = route.element ? preloads.get(route.element as ReactElement) : undefined;
    start?.().catch(() => {
      /* the page's own render reports it (and retries) */
    });
  }
}
