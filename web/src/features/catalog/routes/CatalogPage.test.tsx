import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, renderRoute } from '../../../test/helpers';
import CatalogPage from './CatalogPage';

const course = (slug: string, title: string) => ({
  course_id: slug.length, slug, title, description: `${title} description`, price: 0, price_cents: 0, currency: 'EUR', is_free: true,
  difficulty: 'beginner', language: 'en', teacher_id: 1, teacher_name: 'Tessa', category_slug: 'mlops', tags: [], rating_avg: 0, rating_count: 0, enrollment_count: 0,
});

describe('the catalog page', () => {
  it('keeps search, filters, sort and page in the URL and asks the API for exactly that', async () => {
    const listCalls: URLSearchParams[] = [];
    const { router } = await renderRoute({
      routes: [{ path: '/courses', element: <CatalogPage /> }],
      path: '/courses?tag=docker&page=2',
      handler: (req) => {
        const url = new URL(req.url);
        switch (url.pathname) {
          case '/api/v1/courses':
            listCalls.push(url.searchParams);
            return json({ items: [course('shipping', 'Shipping Models')], page: 1, page_size: 12, total: 30 });
          case '/api/v1/courses/categories':
            return json([
              { category_id: 1, slug: 'machine-learning', name: 'Machine Learning', parent_id: null },
              { category_id: 2, slug: 'computer-vision', name: 'Computer Vision', parent_id: 1 },
              { category_id: 4, slug: 'mlops', name: 'MLOps', parent_id: null },
            ]);
          case '/api/v1/courses/tags':
            return json([{ tag_id: 1, slug: 'docker', name: 'Docker' }]);
          default:
            return json([]);
        }
      },
    });
    const user = userEvent.setup();
    // The URL's state is what the page shows and asks for.
    expect(await screen.findByRole('button', { name: 'Docker', pressed: true })).toBeInTheDocument();
    await waitFor(() => expect(listCalls.at(-1)?.get('tag')).toBe('docker'));
    expect(listCalls.at(-1)?.get('page')).toBe('2');

    await user.type(screen.getByRole('searchbox', { name: 'Search courses' }), 'models');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(router.state.location.search).toBe('?q=models&tag=docker'));

    // Subcategories sit under their parent in the tree.
    const tree = await screen.findByRole('navigation', { name: 'Categories' });
    const ml = within(tree).getByRole('button', { name: 'Machine Learning' }).closest('li')!;
    expect(within(ml).getByRole('button', { name: 'Computer Vision' })).toBeInTheDocument();
    await user.click(within(tree).getByRole('button', { name: 'MLOps' }));
    await user.selectOptions(screen.getByLabelText('Sort by'), 'rating');
    await user.type(screen.getByLabelText('To'), '50');
    await user.click(screen.getByRole('button', { name: 'Apply price' }));
    await waitFor(() => expect(router.state.location.search).toBe('?q=models&category=mlops&tag=docker&price_max=50&sort=rating'));
    const last = listCalls.at(-1)!;
    expect(Object.fromEntries(last)).toMatchObject({ search: 'models', category: 'mlops', tag: 'docker', price_max: '50', sort: 'rating', page: '1' });

    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(router.state.location.search).toContain('page=2'));
    // The back button restores the previous filters.
    router.navigate(-1);
    await waitFor(() => expect(router.state.location.search).not.toContain('page=2'));
    expect(screen.getByLabelText('Sort by')).toHaveValue('rating');
  });
});
