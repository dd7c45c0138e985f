import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { unwrap } from '../../api/client';
import { useApi, useClient } from '../../api/context';
import type { components } from '../../api/schema';

export type CurrentStage = components['schemas']['CurrentStageResponse'];
export type Track = components['schemas']['TrackResponse'];
export type Attempt = components['schemas']['AttemptResponse'];
export type Graded = components['schemas']['GradedResponse'];
export type Question = components['schemas']['QuestionResponse'];
export type DiagnosticResult = components['schemas']['DiagnosticResultResponse'];
export type DiagnosticStep = components['schemas']['DiagnosticStepResponse'];
export type MyContent = components['schemas']['MyContentResponse'];
export type ContentItem = components['schemas']['ContentItemResponse'];
export type Eligibility = components['schemas']['EligibilityReportBody'];
export type MinitestResult = components['schemas']['MinitestResultResponse'];
export type Answer = components['schemas']['AnswerRequest'];
export type ExamKind = 'level' | 'final';

export const adaptiveKeys = {
  all: ['adaptive'] as const,
  stage: ['adaptive', 'stage'] as const,
  track: (slug: string) => ['adaptive', 'track', slug] as const,
  content: ['adaptive', 'content'] as const,
  diagnostic: ['adaptive', 'diagnostic'] as const,
  minitest: (id: number) => ['adaptive', 'minitest', id] as const,
  minitestTries: (id: number) => ['adaptive', 'minitest-tries', id] as const,
  decisions: ['adaptive', 'decisions'] as const,
};

export function useCurrentStage() {
  const client = useClient();
  return useQuery({ queryKey: adaptiveKeys.stage, queryFn: () => unwrap(client.GET('/api/v1/progress/current-stage')) });
}

export function useTrack(slug: string | undefined) {
  const client = useClient();
  return useQuery({
    queryKey: adaptiveKeys.track(slug ?? ''),
    queryFn: () => unwrap(client.GET('/api/v1/tracks/{slug}', { params: { path: { slug: slug ?? '' } } })),
    enabled: !!slug,
    staleTime: 5 * 60_000,
  });
}

export function useMyContent(enabled: boolean) {
  const client = useClient();
  return useQuery({ queryKey: adaptiveKeys.content, queryFn: () => unwrap(client.GET('/api/v1/content/my')), enabled });
}

/** The diagnostic as stored: `null` before it was started (404). */
export function useDiagnosticResult() {
  const client = useClient();
  return useQuery({
    queryKey: adaptiveKeys.diagnostic,
    queryFn: async () => {
      const r = await client.GET('/api/v1/diagnostika/result');
      if (r.response.status === 404) return null;
      return unwrap(Promise.resolve(r));
    },
  });
}

/** The latest approval decision sent to the learner (from their notifications). */
export function useLatestDecision() {
  const client = useClient();
  return useQuery({
    queryKey: adaptiveKeys.decisions,
    queryFn: async () => {
      const page = await unwrap(client.GET('/api/v1/notifications', { params: { query: { page: 1, page_size: 50 } } }));
      const n = page.items.find((i) => i.kind === 'approval_decided');
      if (!n) return null;
      const p = n.payload as { approved?: boolean; reason?: string | null; approval_id?: number };
      return { id: n.id, approved: p.approved === true, reason: p.reason ?? null, at: n.created_at };
    },
  });
}

export function useAssignContent() {
  const client = useClient();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(client.POST('/api/v1/content/assign')),
    onSuccess: (data) => {
      qc.setQueryData(adaptiveKeys.content, data);
      void qc.invalidateQueries({ queryKey: adaptiveKeys.stage });
    },
  });
}

export function useMarkRead(id: number) {
  const client = useClient();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(client.POST('/api/v1/content/{id}/read', { params: { path: { id } } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: adaptiveKeys.content }),
  });
}

export function useMinitest(id: number, enabled: boolean) {
  const client = useClient();
  return useQuery({
    queryKey: adaptiveKeys.minitest(id),
    queryFn: () => unwrap(client.GET('/api/v1/content/{id}/minitest', { params: { path: { id } } })),
    enabled,
  });
}

export function useMinitestTries(id: number, enabled: boolean) {
  const client = useClient();
  return useQuery({
    queryKey: adaptiveKeys.minitestTries(id),
    queryFn: async () => {
      const r = await client.GET('/api/v1/content/{id}/minitest/attempts', { params: { path: { id } } });
      if (r.response.status === 404) return null;
      return unwrap(Promise.resolve(r));
    },
    enabled,
  });
}

export function useSubmitMinitest(id: number) {
  const client = useClient();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (answers: Answer[]) =>
      unwrap(client.POST('/api/v1/content/{id}/minitest/submit', { params: { path: { id } }, body: { answers } })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: adaptiveKeys.content });
      void qc.invalidateQueries({ queryKey: adaptiveKeys.minitestTries(id) });
    },
  });
}

export function useRequestApproval() {
  const client = useClient();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(client.POST('/api/v1/progress/request-approval')),
    onSuccess: () => void qc.invalidateQueries({ queryKey: adaptiveKeys.all }),
  });
}

export function useChooseTrack() {
  const client = useClient();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (track_slug: string) => unwrap(client.POST('/api/v1/progress/track', { body: { track_slug } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: adaptiveKeys.all }),
  });
}

/** Start and submit of a level exam or rank final. */
export function useExamApi(kind: ExamKind) {
  const client = useClient();
  const qc = useQueryClient();
  const start = useMutation({
    mutationFn: () =>
      unwrap(kind === 'level' ? client.POST('/api/v1/exams/level/start') : client.POST('/api/v1/exams/rank-final/start')),
  });
  const submit = useMutation({
    mutationFn: ({ attemptId, answers }: { attemptId: number; answers: Answer[] }) =>
      unwrap(
        kind === 'level'
          ? client.POST('/api/v1/exams/level/{attempt_id}/submit', { params: { path: { attempt_id: attemptId } }, body: { answers } })
          : client.POST('/api/v1/exams/rank-final/{attempt_id}/submit', { params: { path: { attempt_id: attemptId } }, body: { answers } }),
      ),
    onSuccess: () => void qc.invalidateQueries({ queryKey: adaptiveKeys.all }),
  });
  return { start, submit };
}

export function useDiagnosticApi() {
  const client = useClient();
  const qc = useQueryClient();
  const done = (r: DiagnosticResult) => {
    qc.setQueryData(adaptiveKeys.diagnostic, r);
    void qc.invalidateQueries({ queryKey: adaptiveKeys.stage });
  };
  const start = useMutation({ mutationFn: () => unwrap(client.POST('/api/v1/diagnostika/start')) });
  const submit = useMutation({
    mutationFn: (answers: Answer[]) => unwrap(client.POST('/api/v1/diagnostika/submit', { body: { answers } })),
    onSuccess: done,
  });
  const next = useMutation({ mutationFn: () => unwrap(client.POST('/api/v1/diagnostika/next')) });
  const answer = useMutation({
    mutationFn: (a: Answer) => unwrap(client.POST('/api/v1/diagnostika/answer', { body: a })),
    onSuccess: (step) => {
      if (step.done && step.result) done(step.result);
    },
  });
  return { start, submit, next, answer };
}

/** An administrator's decision or a graded exam arrives live: the track refreshes in place. */
export function useLiveTrack() {
  const { live } = useApi();
  const qc = useQueryClient();
  useEffect(
    () =>
      live.subscribe((n) => {
        if (n.kind === 'approval_decided' || n.kind === 'exam_graded') void qc.invalidateQueries({ queryKey: adaptiveKeys.all });
      }),
    [live, qc],
  );
}
