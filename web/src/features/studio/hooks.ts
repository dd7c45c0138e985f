import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../../api/client';
import { useApi, useClient } from '../../api/context';
import { apiErrorFrom } from '../../api/errors';
import type { components } from '../../api/schema';

export type Course = components['schemas']['CourseResponse'];
export type CourseSummary = components['schemas']['CourseSummaryResponse'];
export type Lesson = components['schemas']['LessonResponse'];
export type UpdateCourse = components['schemas']['UpdateCourseRequest'];
export type CreateCourse = components['schemas']['CreateCourseRequest'];
export type TranslationBody = components['schemas']['TranslationRequest'];
export type Review = components['schemas']['ReviewResponse'];

export const studioKeys = {
  all: ['studio'] as const,
  mine: (status: string) => ['studio', 'mine', status] as const,
  course: (slug: string) => ['studio', 'course', slug] as const,
  lesson: (id: number) => ['studio', 'lesson', id] as const,
  inLanguage: (slug: string, lang: string) => ['studio', 'course-in', slug, lang] as const,
  lessonIn: (id: number, lang: string) => ['studio', 'lesson-in', id, lang] as const,
  analytics: ['studio', 'analytics'] as const,
  courseAnalytics: (slug: string, days: number) => ['studio', 'analytics', slug, days] as const,
  ratings: (slug: string) => ['studio', 'ratings', slug] as const,
  reviews: (slug: string) => ['studio', 'reviews', slug] as const,
  replies: (id: number) => ['studio', 'replies', id] as const,
};

/** The caller's courses in every status (or one), most recently changed first. */
export function useMine(status = '') {
  const client = useClient();
  return useQuery({
    queryKey: studioKeys.mine(status),
    queryFn: () =>
      unwrap(
        client.GET('/api/v1/courses/mine', {
          params: { query: { page: 1, page_size: 100, ...(status ? { status } : {}) } },
        }),
      ),
  });
}

/** A course as its teacher sees it: in its own language, whatever the UI language. */
export function useStudioCourse(slug: string) {
  const client = useClient();
  return useQuery({
    queryKey: studioKeys.course(slug),
    queryFn: async () => {
      // The course's own texts: ask for the language it is written in (the server falls back
      // to it anyway when no translation matches, so two calls at most).
      const first = await client.GET('/api/v1/courses/{slug}', {
        params: { path: { slug } },
        headers: { 'Accept-Language': 'zz' },
      });
      return unwrap(Promise.resolve(first));
    },
    enabled: slug !== '',
  });
}

/** The course in one language, and whether the server had a translation for it. */
export function useCourseIn(slug: string, lang: string) {
  const client = useClient();
  return useQuery({
    queryKey: studioKeys.inLanguage(slug, lang),
    queryFn: async () => {
      const r = await client.GET('/api/v1/courses/{slug}', {
        params: { path: { slug } },
        headers: { 'Accept-Language': lang },
      });
      const course = await unwrap(Promise.resolve(r));
      return { course, translated: (r.response.headers.get('content-language') ?? '').split(',')[0]?.trim() === lang };
    },
    enabled: slug !== '' && lang !== '',
  });
}

/** Lessons with content in the course's language (`zz` matches nothing, so the original). */
export function useLessonsIn(ids: number[], lang: string) {
  const client = useClient();
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: studioKeys.lessonIn(id, lang),
      queryFn: async () => {
        const r = await client.GET('/api/v1/lessons/{lesson_id}', {
          params: { path: { lesson_id: id } },
          headers: { 'Accept-Language': lang },
        });
        const lesson = await unwrap(Promise.resolve(r));
        return { lesson, translated: (r.response.headers.get('content-language') ?? '').split(',')[0]?.trim() === lang };
      },
    })),
  });
}

export function useStudioLesson(id: number) {
  const client = useClient();
  return useQuery({
    queryKey: studioKeys.lesson(id),
    queryFn: () =>
      unwrap(
        client.GET('/api/v1/lessons/{lesson_id}', {
          params: { path: { lesson_id: id } },
          headers: { 'Accept-Language': 'zz' },
        }),
      ),
    enabled: Number.isInteger(id) && id > 0,
  });
}

function useInvalidate() {
  const qc = useQueryClient();
  return (slug?: string) => {
    void qc.invalidateQueries({ queryKey: ['studio', 'mine'] });
    if (slug) {
      void qc.invalidateQueries({ queryKey: studioKeys.course(slug) });
      void qc.invalidateQueries({ queryKey: ['studio', 'course-in', slug] });
    }
    // The learner-side caches of the same course.
    void qc.invalidateQueries({ queryKey: ['catalog'] });
  };
}

export function useCreateCourse() {
  const client = useClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: CreateCourse) => unwrap(client.POST('/api/v1/courses', { body })),
    onSuccess: () => invalidate(),
  });
}

export function useUpdateCourse(slug: string) {
  const client = useClient();
  const qc = useQueryClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: UpdateCourse) => unwrap(client.PATCH('/api/v1/courses/{slug}', { params: { path: { slug } }, body })),
    onSuccess: (c) => {
      qc.setQueryData(studioKeys.course(c.slug), c);
      invalidate(slug);
    },
  });
}

export function useDeleteCourse() {
  const client = useClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (slug: string) => unwrap(client.DELETE('/api/v1/courses/{slug}', { params: { path: { slug } } })),
    onSuccess: () => invalidate(),
  });
}

/** Uploads a cover (multipart); the server checks type, size and the image itself. */
export function useUploadCover(slug: string) {
  const { fetch: apiFetch } = useApi();
  const qc = useQueryClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (file: File) => {
      const body = new FormData();
      body.append('cover', file);
      const res = await apiFetch(`/api/v1/courses/${encodeURIComponent(slug)}/cover`, { method: 'PUT', body });
      if (!res.ok) throw await apiErrorFrom(res);
      return (await res.json()) as Course;
    },
    onSuccess: (c) => {
      qc.setQueryData(studioKeys.course(slug), c);
      invalidate(slug);
    },
  });
}

export function useSetStatus(slug: string) {
  const client = useClient();
  const invalidate = useInvalidate();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { status: string; comment?: string }) =>
      unwrap(client.POST('/api/v1/courses/{slug}/status', { params: { path: { slug } }, body })),
    onSuccess: (c) => {
      qc.setQueryData(studioKeys.course(slug), c);
      invalidate(slug);
      void qc.invalidateQueries({ queryKey: ['producer'] });
    },
  });
}

/** Syllabus edits: each refetches the course outline afterwards. */
export function useSyllabus(slug: string) {
  const client = useClient();
  const invalidate = useInvalidate();
  const done = { onSuccess: () => invalidate(slug) };
  const path = { slug };
  return {
    addModule: useMutation({
      mutationFn: (body: { title: string; description?: string }) =>
        unwrap(client.POST('/api/v1/courses/{slug}/modules', { params: { path }, body })),
      ...done,
    }),
    renameModule: useMutation({
      mutationFn: ({ id, title }: { id: number; title: string }) =>
        unwrap(client.PATCH('/api/v1/courses/{slug}/modules/{module_id}', { params: { path: { slug, module_id: id } }, body: { title } })),
      ...done,
    }),
    deleteModule: useMutation({
      mutationFn: (id: number) =>
        unwrap(client.DELETE('/api/v1/courses/{slug}/modules/{module_id}', { params: { path: { slug, module_id: id } } })),
      ...done,
    }),
    reorderModules: useMutation({
      mutationFn: (ids: number[]) =>
        unwrap(client.POST('/api/v1/courses/{slug}/modules/reorder', { params: { path }, body: { module_ids: ids } })),
      ...done,
    }),
    addLesson: useMutation({
      mutationFn: (body: { module_id: number; title: string }) =>
        unwrap(client.POST('/api/v1/courses/{slug}/lessons', { params: { path }, body: { ...body, content: [] } })),
      ...done,
    }),
    updateLesson: useMutation({
      mutationFn: ({ id, ...body }: { id: number; title?: string; module_id?: number }) =>
        unwrap(client.PATCH('/api/v1/lessons/{lesson_id}', { params: { path: { lesson_id: id } }, body })),
      ...done,
    }),
    deleteLesson: useMutation({
      mutationFn: (id: number) => unwrap(client.DELETE('/api/v1/lessons/{lesson_id}', { params: { path: { lesson_id: id } } })),
      ...done,
    }),
    reorderLessons: useMutation({
      mutationFn: ({ moduleId, ids }: { moduleId: number; ids: number[] }) =>
        unwrap(
          client.POST('/api/v1/courses/{slug}/modules/{module_id}/lessons/reorder', {
            params: { path: { slug, module_id: moduleId } },
            body: { lesson_ids: ids },
          }),
        ),
      ...done,
    }),
  };
}

export function useSaveLesson(id: number, slug: string) {
  const client = useClient();
  const qc = useQueryClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: { title: string; content: Record<string, unknown>[] }) =>
      unwrap(client.PATCH('/api/v1/lessons/{lesson_id}', { params: { path: { lesson_id: id } }, body })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: studioKeys.lesson(id) });
      void qc.invalidateQueries({ queryKey: ['studio', 'lesson-in', id] });
      void qc.invalidateQueries({ queryKey: ['learning', 'lesson', id] });
      invalidate(slug);
    },
  });
}

export function useSaveTranslation(slug: string, lang: string) {
  const client = useClient();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TranslationBody) =>
      unwrap(client.PUT('/api/v1/courses/{slug}/translations/{lang}', { params: { path: { slug, lang } }, body })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: studioKeys.inLanguage(slug, lang) });
      void qc.invalidateQueries({ queryKey: ['studio', 'lesson-in'] });
      void qc.invalidateQueries({ queryKey: ['catalog'] });
    },
  });
}

export function useCategories() {
  const client = useClient();
  return useQuery({
    queryKey: ['catalog', 'categories'],
    queryFn: () => unwrap(client.GET('/api/v1/courses/categories')),
    staleTime: 60_000,
  });
}

// ---- analytics ----

export function useAnalyticsList() {
  const client = useClient();
  return useQuery({
    queryKey: studioKeys.analytics,
    queryFn: () => unwrap(client.GET('/api/v1/analytics/courses', { params: { query: { page: 1, page_size: 100 } } })),
  });
}

export function useCourseAnalytics(slug: string, days: number) {
  const client = useClient();
  return useQuery({
    queryKey: studioKeys.courseAnalytics(slug, days),
    queryFn: () => unwrap(client.GET('/api/v1/analytics/courses/{slug}', { params: { path: { slug }, query: { days } } })),
  });
}

/** Reviews per star (1..5): five one-item pages, each giving its `total`. */
export function useRatingDistribution(slug: string) {
  const client = useClient();
  return useQuery({
    queryKey: studioKeys.ratings(slug),
    queryFn: () =>
      Promise.all(
        [1, 2, 3, 4, 5].map((r) =>
          unwrap(
            client.GET('/api/v1/courses/{slug}/reviews', {
              params: { path: { slug }, query: { page: 1, page_size: 1, rating_gte: r, rating_lte: r } },
            }),
          ).then((p) => p.total),
        ),
      ),
  });
}

export function useRefreshAnalytics() {
  const client = useClient();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(client.POST('/api/v1/analytics/refresh')),
    onSuccess: () => void qc.invalidateQueries({ queryKey: studioKeys.analytics }),
  });
}

// ---- reviews inbox ----

export function useCourseReviews(slugs: string[]) {
  const client = useClient();
  return useQueries({
    queries: slugs.map((slug) => ({
      queryKey: studioKeys.reviews(slug),
      queryFn: () =>
        unwrap(client.GET('/api/v1/courses/{slug}/reviews', { params: { path: { slug }, query: { page: 1, page_size: 50 } } })),
    })),
  });
}

export function useReplies(reviewId: number, enabled: boolean) {
  const client = useClient();
  return useQuery({
    queryKey: studioKeys.replies(reviewId),
    queryFn: () => unwrap(client.GET('/api/v1/reviews/{review_id}/replies', { params: { path: { review_id: reviewId } } })),
    enabled,
  });
}

export function useReply(reviewId: number, slug: string) {
  const client = useClient();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (text: string) =>
      unwrap(client.POST('/api/v1/reviews/{review_id}/replies', { params: { path: { review_id: reviewId } }, body: { text } })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: studioKeys.replies(reviewId) });
      void qc.invalidateQueries({ queryKey: studioKeys.reviews(slug) });
    },
  });
}
