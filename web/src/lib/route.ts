import type { ComponentType } from 'react';

/** For `lazy` routes: a page module's default export becomes the route's Component. */
export function page(m: { default: ComponentType }) {
  return { Component: m.default };
}
