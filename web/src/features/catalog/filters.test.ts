import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS, parseFilters, toApiQuery, toSearchParams, withFilter } from './filters';

describe('catalog filters in the URL', () => {
  it('round-trips every filter and drops defaults', () => {
    const f = { ...DEFAULT_FILTERS, search: 'neural nets', category: 'mlops', tag: 'docker', priceMin: 10, priceMax: 60, sort: 'rating' as const, page: 3 };
    const qs = toSearchParams(f).toString();
    expect(qs).toBe('q=neural+nets&category=mlops&tag=docker&price_min=10&price_max=60&sort=rating&page=3');
    expect(parseFilters(new URLSearchParams(qs))).toEqual(f);
    expect(toSearchParams(DEFAULT_FILTERS).toString()).toBe('');
  });

  it('ignores nonsense in a hand-edited URL', () => {
    const f = parseFilters(new URLSearchParams('sort=cheapest&page=-2&price_min=abc&price_max=-5&free=yes'));
    expect(f).toEqual(DEFAULT_FILTERS);
  });

  it('goes back to page 1 when a filter changes, not when the page does', () => {
    const f = { ...DEFAULT_FILTERS, page: 4 };
    expect(withFilter(f, { tag: 'nlp' }).page).toBe(1);
    expect(withFilter(f, { page: 5 }).page).toBe(5);
  });

  it('asks the API for free courses only, without a price range', () => {
    const q = toApiQuery({ ...DEFAULT_FILTERS, free: true, priceMin: 5, priceMax: 9 });
    expect(q).toEqual({ page: 1, page_size: 12, sort: 'newest', free: true });
  });
});
