import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../../api/client';
import { useClient } from '../../api/context';
import { toApiQuery, type CatalogFilters } from './filters';

export const catalogKeys = {
  list: (f: CatalogFilters) => ['catalog', 'list', f] as const,
  popular: ['catalog', 'popular'] as const,
  trending: ['catalog', 'trending'] as const,
  categories: ['catalog', 'categories'] as const,
  tags: ['catalog', 'tags'] as const,
  course: (slug: string) => ['catalog', 'course', slug] as const,
  reviews: (slug: string, page: number) => ['catalog', 'reviews', slug, page] as const,
};

export function useCourses(f: CatalogFilters) {
  const client = useClient();
  return useQuery({
    queryKey: catalogKeys.list(f),
    queryFn: ({ signal }) => unwrap(client.GET('/api/v1/courses', { params: { query: toApiQuery(f) }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function usePopular() {
  const client = useClient();
  return useQuery({
    queryKey: catalogKeys.popular,
    queryFn: () => unwrap(client.GET('/api/v1/courses/popular', { params: { query: { limit: 6 } } })),
  });
}

export function useTrending() {
  const client = useClient();
  return useQuery({
    queryKey: catalogKeys.trending,
    queryFn: () => unwrap(client.GET('/api/v1/courses/trending', { params: { query: { page: 1, page_size: 6 } } })),
  });
}

export function useCategories() {
  const client = useClient();
  return useQuery({
    queryKey: catalogKeys.categories,
    queryFn: () => unwrap(client.GET('/api/v1/courses/categories')),
    staleTime: 5 * 60_000,
  });
}

export function useTags() {
  const client = useClient();
  return useQuery({
    queryKey: catalogKeys.tags,
    queryFn: () => unwrap(client.GET('/api/v1/courses/tags')),
    staleTime: 5 * 60_000,
  });
}

export function useCourse(slug: string) {
  const client = useClient();
  return useQuery({
    queryKey: catalogKeys.course(slug),
    queryFn: () => unwrap(client.GET('/api/v1/courses/{slug}', { params: { path: { slug } } })),
  });
}

export function useEnroll(slug: string) {
  const client = useClient();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(client.POST('/api/v1/courses/{slug}/enroll', { params: { path: { slug } } })),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: catalogKeys.course(slug) });
      void qc.invalidateQueries({ queryKey: ['learning'] });
    },
  });
}

export function useFavorite(slug: string, enabled: boolean) {
  const client = useClient();
  return useQuery({
    queryKey: ['catalog', 'favorite', slug],
    queryFn: () => unwrap(client.GET('/api/v1/courses/{slug}/favorite', { params: { path: { slug } } })),
    enabled,
  });
}

export function useToggleFavorite(slug: string) {
  const client = useClient();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(client.POST('/api/v1/courses/{slug}/favorite', { params: { path: { slug } } })),
    onSuccess: (res) => {
      qc.setQueryData(['catalog', 'favorite', slug], res);
      void qc.invalidateQueries({ queryKey: ['catalog', 'favorites'] });
    },
  });
}

/** The signed-in learner's bookmarked courses. */
export function useFavorites(page: number) {
  const client = useClient();
  return useQuery({
    queryKey: ['catalog', 'favorites', page],
    queryFn: () => unwrap(client.GET('/api/v1/courses/favorites', { params: { query: { page, page_size: 12 } } })),
    placeholderData: keepPreviousData,
  });
}

/** Whether the signed-in learner is enrolled: the dashboard lists their courses. */
export function useMyCourseSlugs(enabled: boolean) {
  const client = useClient();
  return useQuery({
    queryKey: ['learning', 'my-courses'],
    queryFn: () => unwrap(client.GET('/api/v1/dashboard/my-courses')),
    enabled,
  });
}
