import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../../api/client';
import { useClient } from '../../api/context';

export const producerKeys = {
  queue: (status: string, page: number) => ['producer', 'queue', status, page] as const,
  reviews: (reported: boolean, page: number) => ['producer', 'reviews', reported, page] as const,
  categories: ['catalog', 'categories'] as const,
  tags: ['catalog', 'tags'] as const,
};

/** Every teacher's courses in one status, the one waiting longest first. */
export function useQueue(status: string, page: number) {
  const client = useClient();
  return useQuery({
    queryKey: producerKeys.queue(status, page),
    queryFn: () => unwrap(client.GET('/api/v1/courses/queue', { params: { query: { status, page, page_size: 20 } } })),
    placeholderData: keepPreviousData,
  });
}

/** All reviews (or only the reported ones), hidden ones included (moderators). */
export function useAllReviews(page: number, reported: boolean) {
  const client = useClient();
  return useQuery({
    queryKey: producerKeys.reviews(reported, page),
    queryFn: () =>
      unwrap(
        client.GET('/api/v1/reviews', {
          params: { query: { page, page_size: 20, include_hidden: true, ...(reported ? { reported: true } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useModerate() {
  const client = useClient();
  const qc = useQueryClient();
  const done = {
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['producer', 'reviews'] });
      void qc.invalidateQueries({ queryKey: ['catalog'] });
      void qc.invalidateQueries({ queryKey: ['community'] });
    },
  };
  return {
    hide: useMutation({
      mutationFn: ({ id, reason }: { id: number; reason: string }) =>
        unwrap(client.POST('/api/v1/reviews/{review_id}/hide', { params: { path: { review_id: id } }, body: { reason } })),
      ...done,
    }),
    unhide: useMutation({
      mutationFn: (id: number) => unwrap(client.POST('/api/v1/reviews/{review_id}/unhide', { params: { path: { review_id: id } } })),
      ...done,
    }),
  };
}

export function useTags() {
  const client = useClient();
  return useQuery({ queryKey: producerKeys.tags, queryFn: () => unwrap(client.GET('/api/v1/courses/tags')) });
}

export function useCategoryList() {
  const client = useClient();
  return useQuery({ queryKey: producerKeys.categories, queryFn: () => unwrap(client.GET('/api/v1/courses/categories')) });
}

export function useTaxonomy() {
  const client = useClient();
  const qc = useQueryClient();
  const cats = { onSuccess: () => void qc.invalidateQueries({ queryKey: producerKeys.categories }) };
  const tags = { onSuccess: () => void qc.invalidateQueries({ queryKey: producerKeys.tags }) };
  return {
    addCategory: useMutation({
      mutationFn: (body: { name: string; parent_slug?: string | null }) => unwrap(client.POST('/api/v1/courses/categories', { body })),
      ...cats,
    }),
    updateCategory: useMutation({
      mutationFn: ({ slug, ...body }: { slug: string; name?: string; parent_slug?: string }) =>
        unwrap(client.PATCH('/api/v1/courses/categories/{slug}', { params: { path: { slug } }, body })),
      ...cats,
    }),
    deleteCategory: useMutation({
      mutationFn: (slug: string) => unwrap(client.DELETE('/api/v1/courses/categories/{slug}', { params: { path: { slug } } })),
      ...cats,
    }),
    addTag: useMutation({
      mutationFn: (body: { name: string }) => unwrap(client.POST('/api/v1/courses/tags', { body })),
      ...tags,
    }),
    updateTag: useMutation({
      mutationFn: ({ slug, ...body }: { slug: string; name?: string }) =>
        unwrap(client.PATCH('/api/v1/courses/tags/{slug}', { params: { path: { slug } }, body })),
      ...tags,
    }),
    deleteTag: useMutation({
      mutationFn: (slug: string) => unwrap(client.DELETE('/api/v1/courses/tags/{slug}', { params: { path: { slug } } })),
      ...tags,
    }),
  };
}
