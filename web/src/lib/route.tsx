import { lazy, Suspense, type ComponentType } from 'react';
import { Skeleton } from '../ui';

/**
 * A page loaded on demand. The router renders the shell at once and the page's chunk fills
 * the main area when it arrives (a route-level `lazy` would hold the whole first paint
 * back and then swap it, which Lighthouse counts as layout shift).
 */
export function lazyPage(load: () => Promise<{ default: ComponentType }>) {
  const Page = lazy(load);
  return (
    <Suspense fallback={<Skeleton lines={6} />}>
      <Page />
    </Suspense>
  );
}
