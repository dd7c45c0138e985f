import { useDeferredValue, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from '../../../api/schema';
import { Button, ErrorState, Field, Skeleton } from '../../../ui';
import { useCategories, useTags } from '../hooks';
import { DEFAULT_FILTERS, type CatalogFilters } from '../filters';

type Category = components['schemas']['CategoryResponse'];

interface Props {
  filters: CatalogFilters;
  onChange: (patch: Partial<CatalogFilters>) => void;
}

export function Filters({ filters, onChange }: Props) {
  const { t } = useTranslation();
  return (
    <aside className="filters" aria-labelledby="filters-h">
      <h2 id="filters-h" className="visually-hidden">
        {t('catalog.filters')}
      </h2>
      <CategoryTree value={filters.category} onChange={(category) => onChange({ category })} />
      <TagFilter value={filters.tag} onChange={(tag) => onChange({ tag })} />
      <PriceFilter filters={filters} onChange={onChange} />
      <Button variant="ghost" onClick={() => onChange({ ...DEFAULT_FILTERS, search: filters.search, sort: filters.sort })}>
        {t('catalog.clearFilters')}
      </Button>
    </aside>
  );
}

/** Children of each category (`null`: the roots), each list sorted by name. */
function childrenByParent(categories: Category[]): Map<number | null, Category[]> {
  const collator = new Intl.Collator();
  const map = new Map<number | null, Category[]>();
  for (const c of categories) {
    const parent = c.parent_id ?? null;
    const list = map.get(parent);
    if (list) list.push(c);
    else map.set(parent, [c]);
  }
  for (const list of map.values()) list.sort((a, b) => collator.compare(a.name, b.name));
  return map;
}

function CategoryTree({ value, onChange }: { value: string; onChange: (slug: string) => void }) {
  const { t } = useTranslation();
  const categories = useCategories();
  // Built in a background (time-sliced) render, not in the query's own (blocking) update.
  const data = useDeferredValue(categories.data);
  const tree = useMemo(() => (data ? childrenByParent(data) : undefined), [data]);
  const render = (parent: number | null, depth: number) => {
    const items = tree?.get(parent) ?? [];
    if (items.length === 0 || depth > 4) return null;
    return (
      <ul>
        {items.map((c) => (
          <li key={c.slug}>
            <button type="button" aria-pressed={value === c.slug} onClick={() => onChange(value === c.slug ? '' : c.slug)}>
              {c.name}
            </button>
            {render(c.category_id, depth + 1)}
          </li>
        ))}
      </ul>
    );
  };
  return (
    <section aria-labelledby="cat-h">
      <h3 id="cat-h">{t('catalog.categories')}</h3>
      {!tree && !categories.isError && <Skeleton lines={3} />}
      {categories.isError && <ErrorState error={categories.error} onRetry={() => void categories.refetch()} />}
      {tree && (
        <nav className="category-tree" aria-labelledby="cat-h">
          <ul>
            <li>
              <button type="button" aria-pressed={value === ''} onClick={() => onChange('')}>
                {t('catalog.allCategories')}
              </button>
            </li>
          </ul>
          {render(null, 0)}
        </nav>
      )}
    </section>
  );
}

function TagFilter({ value, onChange }: { value: string; onChange: (slug: string) => void }) {
  const { t } = useTranslation();
  const tags = useTags();
  // Built in a background (time-sliced) render, not in the query's own (blocking) update.
  const data = useDeferredValue(tags.data);
  return (
    <section aria-labelledby="tags-h">
      <h3 id="tags-h">{t('catalog.tags')}</h3>
      {!data && !tags.isError && <Skeleton lines={2} />}
      {tags.isError && <ErrorState error={tags.error} onRetry={() => void tags.refetch()} />}
      {data && (
        <ul className="tag-list">
          {data.map((tag) => (
            <li key={tag.slug}>
              <button type="button" aria-pressed={value === tag.slug} onClick={() => onChange(value === tag.slug ? '' : tag.slug)}>
                {tag.name}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function PriceFilter({ filters, onChange }: Props) {
  const { t } = useTranslation();
  const [min, setMin] = useState(filters.priceMin?.toString() ?? '');
  const [max, setMax] = useState(filters.priceMax?.toString() ?? '');
  const [error, setError] = useState<string | undefined>();
  // Follow the URL when it changes from elsewhere (back button, clear filters).
  useEffect(() => {
    setMin(filters.priceMin?.toString() ?? '');
    setMax(filters.priceMax?.toString() ?? '');
  }, [filters.priceMin, filters.priceMax]);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const lo = min.trim() === '' ? null : Number(min);
    const hi = max.trim() === '' ? null : Number(max);
    if ((lo != null && !(lo >= 0)) || (hi != null && !(hi >= 0))) return setError(t('catalog.priceInvalid'));
    if (lo != null && hi != null && lo > hi) return setError(t('catalog.priceOrder'));
    setError(undefined);
    onChange({ priceMin: lo, priceMax: hi });
  };
  return (
    <form onSubmit={apply} aria-labelledby="price-h" noValidate>
      <h3 id="price-h">{t('catalog.price')}</h3>
      <div className="field checks">
        <label>
          <input type="checkbox" checked={filters.free} onChange={(e) => onChange({ free: e.target.checked })} />
          {t('catalog.freeOnly')}
        </label>
      </div>
      <div className="price-range">
        <Field label={t('catalog.priceMin')} name="price_min" type="number" min={0} inputMode="decimal" value={min} disabled={filters.free} onChange={(e) => setMin(e.target.value)} />
        <Field label={t('catalog.priceMax')} name="price_max" type="number" min={0} inputMode="decimal" value={max} disabled={filters.free} onChange={(e) => setMax(e.target.value)} />
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <Button type="submit" variant="secondary" disabled={filters.free}>
        {t('catalog.applyPrice')}
      </Button>
    </form>
  );
}
