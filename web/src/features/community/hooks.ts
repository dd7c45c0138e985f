import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../../api/client';
import { useClient } from '../../api/context';

export const REVIEW_PAGE_SIZE = 10;

export const reviewKeys = {
  all: (slug: string) => ['community', 'reviews', slug] as const,
  page: (slug: string, page: number) => ['community', 'reviews', slug, page] as const,
  replies: (id: number) => ['community', 'replies', id] as const,
};

export function useReviews(slug: string, page: number) {
  const client = useClient();
  return useQuery({
    queryKey: reviewKeys.page(slug, page),
    queryFn: () =>
      unwrap(client.GET('/api/v1/courses/{slug}/reviews', { params: { path: { slug }, query: { page, page_size: REVIEW_PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
  });
}

export function useReplies(reviewId: number, enabled: boolean) {
  const client = useClient();
  return useQuery({
    queryKey: reviewKeys.replies(reviewId),
    queryFn: () =>
      unwrap(client.GET('/api/v1/reviews/{review_id}/replies', { params: { path: { review_id: reviewId }, query: { page: 1, page_size: 50 } } })),
    enabled,
  });
}

/** Writes refresh the reviews and the course (its rating and count change at once). */
function useInvalidate(slug: string) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: reviewKeys.all(slug) });
    void qc.invalidateQueries({ queryKey: ['catalog', 'course', slug] });
  };
}

export function useCreateReview(slug: string) {
  const client = useClient();
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (body: { rating: number; text: string }) =>
      unwrap(client.POST('/api/v1/courses/{slug}/reviews', { params: { path: { slug } }, body })),
    onSuccess: invalidate,
  });
}

export function useUpdateReview(slug: string) {
  const client = useClient();
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: ({ id, ...body }: { id: number; rating: number; text: string }) =>
      unwrap(client.PATCH('/api/v1/reviews/{review_id}', { params: { path: { review_id: id } }, body })),
    onSuccess: invalidate,
  });
}

export function useDeleteReview(slug: string) {
  const client = useClient();
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (id: number) => unwrap(client.DELETE('/api/v1/reviews/{review_id}', { params: { path: { review_id: id } } })),
    onSuccess: invalidate,
  });
}

/** The signed-in learner's own review of this course, wherever it sits in the pages. */
export function useMyReview(slug: string, userId: number | undefined) {
  const client = useClient();
  return useQuery({
    queryKey: [...reviewKeys.all(slug), 'mine', userId] as const,
    queryFn: async () => {
      const page = await unwrap(
        client.GET('/api/v1/reviews', { params: { query: { course: slug, user_id: userId, page: 1, page_size: 1, include_hidden: false } } }),
      );
      return page.items[0] ?? null;
    },
    enabled: userId != null,
  });
}
