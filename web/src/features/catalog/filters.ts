// The catalog's filters live in the URL, so a filtered page can be shared and the back
// button works. Parsing is forgiving (bad values fall back to defaults); serializing drops
// defaults so URLs stay short and canonical.
import type { operations } from '../../api/schema';

export const SORTS = ['newest', 'rating', 'popularity'] as const;
export type Sort = (typeof SORTS)[number];
export const PAGE_SIZE = 12;

export interface CatalogFilters {
  search: string;
  category: string;
  tag: string;
  priceMin: number | null;
  priceMax: number | null;
  free: boolean;
  sort: Sort;
  page: number;
}

export const DEFAULT_FILTERS: CatalogFilters = {
  search: '',
  category: '',
  tag: '',
  priceMin: null,
  priceMax: null,
  free: false,
  sort: 'newest',
  page: 1,
};

function num(v: string | null): number | null {
  if (v == null || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

export function parseFilters(params: URLSearchParams): CatalogFilters {
  const sort = params.get('sort');
  const page = Number(params.get('page'));
  return {
    search: params.get('q')?.trim() ?? '',
    category: params.get('category') ?? '',
    tag: params.get('tag') ?? '',
    priceMin: num(params.get('price_min')),
    priceMax: num(params.get('price_max')),
    free: params.get('free') === '1' || params.get('free') === 'true',
    sort: (SORTS as readonly string[]).includes(sort ?? '') ? (sort as Sort) : 'newest',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

export function toSearchParams(f: CatalogFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.search) p.set('q', f.search);
  if (f.category) p.set('category', f.category);
  if (f.tag) p.set('tag', f.tag);
  if (f.priceMin != null) p.set('price_min', String(f.priceMin));
  if (f.priceMax != null) p.set('price_max', String(f.priceMax));
  if (f.free) p.set('free', '1');
  if (f.sort !== 'newest') p.set('sort', f.sort);
  if (f.page > 1) p.set('page', String(f.page));
  return p;
}

/** A change of any filter goes back to page 1; a page change keeps the filters. */
export function withFilter(f: CatalogFilters, patch: Partial<CatalogFilters>): CatalogFilters {
  const changesFilter = Object.keys(patch).some((k) => k !== 'page');
  return { ...f, ...patch, page: changesFilter && patch.page === undefined ? 1 : (patch.page ?? f.page) };
}

export function hasFilters(f: CatalogFilters): boolean {
  return !!(f.search || f.category || f.tag || f.priceMin != null || f.priceMax != null || f.free);
}

type ListQuery = NonNullable<operations['list_courses']['parameters']['query']>;

export function toApiQuery(f: CatalogFilters): ListQuery {
  const q: ListQuery = { page: f.page, page_size: PAGE_SIZE, sort: f.sort };
  if (f.search) q.search = f.search;
  if (f.category) q.category = f.category;
  if (f.tag) q.tag = f.tag;
  if (f.free) q.free = true;
  else {
    if (f.priceMin != null) q.price_min = f.priceMin;
    if (f.priceMax != null) q.price_max = f.priceMax;
  }
  return q;
}
