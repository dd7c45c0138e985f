// TanStack Query hooks of the admin console, over the admin-scoped client. Every key
// starts with 'console' so the console's cache is dropped when its session ends.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useAdminApi } from './session';

export type S = components['schemas'];
export type AdminUser = S['UserResponse'];
export type Track = S['TrackResponse'];
export type BankQuestion = S['AdminQuestionResponse'];
export type Article = S['AdminArticleResponse'];
export type SettingsVersion = S['SettingsVersionResponse'];
export type SettingsBody = S['SettingsBody'];
export type Approval = S['ApprovalResponse'];
export type Evidence = S['ApprovalEvidenceResponse'];
export type Job = S['BackgroundJobResponse'];
export type HistoryItem = S['HistoryItem'];
export type Stats = S['StatsResponse'];
export type Calibration = S['CalibrationResponse'];
export type ImportDocument = S['ImportRequest'];

export interface UserFilter {
  search: string;
  role: string;
  page: number;
}

export function useUsers(f: UserFilter) {
  const { client } = useAdminApi();
  return useQuery({
    queryKey: ['console', 'users', f],
    queryFn: () =>
      unwrap(
        client.GET('/api/v1/accounts/users', {
          params: { query: { search: f.search || undefined, role: f.role || undefined, page: f.page, page_size: 20 } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useUpdateUser() {
  const { client } = useAdminApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: number; role?: string; is_active?: boolean }) =>
      unwrap(
        client.PATCH('/api/v1/accounts/users/{user_id}', {
          params: { path: { user_id: v.id } },
          body: { role: v.role ?? null, is_active: v.is_active ?? null },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['console', 'users'] }),
  });
}

export function useTracks() {
  const { client } = useAdminApi();
  return useQuery({
    queryKey: ['console', 'tracks'],
    queryFn: () => unwrap(client.GET('/api/v1/admin/tracks', { params: { query: { page_size: 100 } } })),
  });
}

export function useTrack(slug: string) {
  const q = useTracks();
  return { ...q, track: q.data?.items.find((t) => t.slug === slug) };
}

export function useInvalidateTrack() {
  const qc = useQueryClient();
  return (slug: string) => qc.invalidateQueries({ queryKey: ['console', 'track', slug] }).then(() => qc.invalidateQueries({ queryKey: ['console', 'tracks'] }));
}

export interface BankFilter {
  moduleId: number | null;
  stage: string;
  page: number;
}

export function useQuestions(slug: string, f: BankFilter) {
  const { client } = useAdminApi();
  return useQuery({
    queryKey: ['console', 'track', slug, 'questions', f],
    queryFn: () =>
      unwrap(
        client.GET('/api/v1/admin/tracks/{slug}/questions', {
          params: {
            path: { slug },
            query: { module_id: f.moduleId ?? undefined, stage: f.stage || undefined, page: f.page, page_size: 20 },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useArticles(slug: string, f: Omit<BankFilter, 'page'>) {
  const { client } = useAdminApi();
  return useQuery({
    queryKey: ['console', 'track', slug, 'articles', f],
    queryFn: () =>
      unwrap(
        client.GET('/api/v1/admin/tracks/{slug}/articles', {
          params: { path: { slug }, query: { module_id: f.moduleId ?? undefined, stage: f.stage || undefined } },
        }),
      ),
  });
}

export function useSettingsVersions(slug: string) {
  const { client } = useAdminApi();
  return useQuery({
    queryKey: ['console', 'track', slug, 'settings'],
    queryFn: () => unwrap(client.GET('/api/v1/admin/tracks/{slug}/settings', { params: { path: { slug } } })),
  });
}

export function useCalibration(slug: string, flagged: boolean) {
  const { client } = useAdminApi();
  return useQuery({
    queryKey: ['console', 'track', slug, 'calibration', flagged],
    queryFn: () =>
      unwrap(
        client.GET('/api/v1/admin/tracks/{slug}/calibration', {
          params: { path: { slug }, query: { flagged: flagged || undefined, page_size: 100 } },
        }),
      ),
  });
}

export function usePendingApprovals() {
  const { client } = useAdminApi();
  return useQuery({
    queryKey: ['console', 'approvals'],
    queryFn: () => unwrap(client.GET('/api/v1/admin/approvals/pending', { params: { query: { page_size: 100 } } })),
  });
}

export function useEvidence(id: number | null) {
  const { client } = useAdminApi();
  return useQuery({
    queryKey: ['console', 'approvals', 'evidence', id],
    enabled: id != null,
    queryFn: () =>
      unwrap(client.GET('/api/v1/admin/approvals/{approval_id}/evidence', { params: { path: { approval_id: id ?? 0 } } })),
  });
}

export interface JobFilter {
  status: string;
  kind: string;
  page: number;
}

export function useJobs(f: JobFilter) {
  const { client } = useAdminApi();
  return useQuery({
    queryKey: ['console', 'jobs', f],
    queryFn: () =>
      unwrap(
        client.GET('/api/v1/admin/jobs', {
          params: { query: { status: f.status || undefined, kind: f.kind || undefined, page: f.page, page_size: 20 } },
        }),
      ),
    placeholderData: keepPreviousData,
    // Running jobs finish on their own: keep the list current while it is open.
    refetchInterval: 5000,
  });
}

export function useRetryJob() {
  const { client } = useAdminApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(client.POST('/api/v1/admin/jobs/{job_id}/retry', { params: { path: { job_id: id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['console', 'jobs'] }),
  });
}

export interface HistoryFilter {
  status: string;
  userId: string;
  from: string;
  to: string;
  page: number;
}

/** `datetime-local` input → RFC 3339 (in the browser's zone), or undefined. */
export function toIso(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export function useHistory(f: HistoryFilter) {
  const { client } = useAdminApi();
  return useQuery({
    queryKey: ['console', 'ml', 'history', f],
    queryFn: () =>
      unwrap(
        client.GET('/api/v1/ml/history', {
          params: {
            query: {
              status: f.status ? Number(f.status) : undefined,
              user_id: f.userId ? Number(f.userId) : undefined,
              from: toIso(f.from),
              to: toIso(f.to),
              page: f.page,
              page_size: 20,
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useStats(from: string, to: string) {
  const { client } = useAdminApi();
  return useQuery({
    queryKey: ['console', 'ml', 'stats', from, to],
    queryFn: () => unwrap(client.GET('/api/v1/ml/stats', { params: { query: { from: toIso(from), to: toIso(to) } } })),
  });
}
