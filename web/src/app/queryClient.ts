import { QueryClient } from '@tanstack/react-query';
import { ApiError, NetworkError } from '../api/errors';

/** Retries what can succeed later (network, 429 after Retry-After, 503), nothing else. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => {
          if (error instanceof NetworkError) return count < 2;
          if (error instanceof ApiError) {
            if (error.status === 429) return count < 2 && (error.retryAfter ?? 0) <= 30;
            if (error.status === 503) return count < 1;
          }
          return false;
        },
        retryDelay: (count, error) =>
          error instanceof ApiError && error.retryAfter != null
            ? error.retryAfter * 1000
            : Math.min(1000 * 2 ** count, 8000),
      },
      mutations: { retry: false },
    },
  });
}
