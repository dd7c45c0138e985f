import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../../api/client';
import { useClient } from '../../api/context';

export const learningKeys = {
  all: ['learning'] as const,
  myCourses: ['learning', 'my-courses'] as const,
  progress: (slug: string) => ['learning', 'progress', slug] as const,
  lesson: (id: number) => ['learning', 'lesson', id] as const,
  recommendations: ['learning', 'recommendations'] as const,
};

export function useMyCourses() {
  const client = useClient();
  return useQuery({ queryKey: learningKeys.myCourses, queryFn: () => unwrap(client.GET('/api/v1/dashboard/my-courses')) });
}

export function useCourseProgress(slug: string) {
  const client = useClient();
  return useQuery({
    queryKey: learningKeys.progress(slug),
    queryFn: () => unwrap(client.GET('/api/v1/dashboard/courses/{slug}', { params: { path: { slug } } })),
  });
}

export function useLesson(id: number) {
  const client = useClient();
  return useQuery({
    queryKey: learningKeys.lesson(id),
    queryFn: () => unwrap(client.GET('/api/v1/lessons/{lesson_id}', { params: { path: { lesson_id: id } } })),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useRecommendations() {
  const client = useClient();
  return useQuery({
    queryKey: learningKeys.recommendations,
    queryFn: () => unwrap(client.GET('/api/v1/recommendations', { params: { query: { page: 1, page_size: 6 } } })),
  });
}

export function useCategoryNames() {
  const client = useClient();
  return useQuery({
    queryKey: ['catalog', 'categories'],
    queryFn: () => unwrap(client.GET('/api/v1/courses/categories')),
    staleTime: 5 * 60_000,
    select: (cats) => new Map(cats.map((c) => [c.slug, c.name])),
  });
}

/** Marks a lesson complete; the lesson, the course's progress and the dashboard refresh in place. */
export function useCompleteLesson(lessonId: number, slug: string) {
  const client = useClient();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(client.POST('/api/v1/lessons/{lesson_id}/complete', { params: { path: { lesson_id: lessonId } } })),
    onSuccess: (res) => {
      qc.setQueryData(learningKeys.lesson(lessonId), (old: unknown) =>
        old && typeof old === 'object' ? { ...old, completed: true, completed_at: res.completed_at } : old,
      );
      void qc.invalidateQueries({ queryKey: learningKeys.progress(slug) });
      void qc.invalidateQueries({ queryKey: learningKeys.myCourses });
      void qc.invalidateQueries({ queryKey: learningKeys.recommendations });
    },
  });
}

export function useCheckAnswer() {
  const client = useClient();
  return useMutation({
    mutationFn: (body: { lesson_id: number; question_id: string; answer_id: string }) =>
      unwrap(client.POST('/api/v1/quizzes/answers/check', { body })),
  });
}
