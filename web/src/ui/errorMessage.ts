import type { TFunction } from 'i18next';
import { ApiError, NetworkError } from '../api/errors';

/**
 * What to tell a person about an error: known codes in their language, otherwise the
 * server's own message (the envelope's `message` is written for people), never a stack.
 */
export function errorMessage(error: unknown, t: TFunction): string {
  if (error instanceof NetworkError) return t('errors.network');
  if (error instanceof ApiError) {
    if (error.status === 429) {
      return error.retryAfter != null
        ? t('errors.rateLimitedFor', { seconds: error.retryAfter })
        : t('errors.rateLimited');
    }
    const key = `errors.codes.${error.code}`;
    const known = t(key, { defaultValue: '' });
    if (known) return known;
    if (error.status >= 500) return t('errors.server');
    return error.message || t('errors.unknown');
  }
  return t('errors.unknown');
}
