import { useQuery } from '@tanstack/react-query';
import { useClient } from '../../api/context';
import { unwrap } from '../../api/client';

export const identityKeys = {
  myProfile: ['identity', 'profile', 'me'] as const,
  profile: (slug: string) => ['identity', 'profile', slug] as const,
  tracks: ['identity', 'tracks'] as const,
  specializations: ['identity', 'specializations'] as const,
};

export function useTracks() {
  const client = useClient();
  return useQuery({
    queryKey: identityKeys.tracks,
    queryFn: () => unwrap(client.GET('/api/v1/tracks', { params: { query: { page: 1, page_size: 50 } } })),
  });
}

export function useMyProfile() {
  const client = useClient();
  return useQuery({
    queryKey: identityKeys.myProfile,
    queryFn: () => unwrap(client.GET('/api/v1/accounts/profiles/me')),
  });
}

export function useProfile(slug: string) {
  const client = useClient();
  return useQuery({
    queryKey: identityKeys.profile(slug),
    queryFn: () => unwrap(client.GET('/api/v1/accounts/profiles/{slug}', { params: { path: { slug } } })),
  });
}

export function useSpecializations() {
  const client = useClient();
  return useQuery({
    queryKey: identityKeys.specializations,
    queryFn: () => unwrap(client.GET('/api/v1/accounts/specializations')),
    staleTime: 5 * 60_000,
  });
}

/** Where to go after signing in: the `next` the guard gave, if it is a local path. */
export function safeNext(next: string | null, fallback = '/dashboard'): string {
  if (next && next.startsWith('/') && !next.startsWith('//')) return next;
  return fallback;
}
