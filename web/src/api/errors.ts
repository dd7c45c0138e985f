// The one error type the UI sees. Every non-2xx answer of the API is the envelope
// {"error":{"code","message","details"}}; a 422 carries {"fields":[{field,message}]}.

export type FieldErrors = Record<string, string>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  /** Seconds to wait before retrying (from `Retry-After`), when the server said so. */
  readonly retryAfter: number | null;
  readonly fieldErrors: FieldErrors;

  constructor(opts: {
    status: number;
    code: string;
    message: string;
    details?: unknown;
    retryAfter?: number | null;
  }) {
    super(opts.message);
    this.name = 'ApiError';
    this.status = opts.status;
    this.code = opts.code;
    this.details = opts.details ?? null;
    this.retryAfter = opts.retryAfter ?? null;
    this.fieldErrors = fieldErrorsOf(this.details);
  }
}

/** The request never got an answer: offline, DNS, connection reset, server down. */
export class NetworkError extends Error {
  constructor(cause?: unknown) {
    super('network');
    this.name = 'NetworkError';
    this.cause = cause;
  }
}

function fieldErrorsOf(details: unknown): FieldErrors {
  const out: FieldErrors = {};
  if (!details || typeof details !== 'object') return out;
  const fields = (details as { fields?: unknown }).fields;
  if (Array.isArray(fields)) {
    for (const f of fields) {
      if (f && typeof f === 'object' && 'field' in f && 'message' in f) {
        const { field, message } = f as { field: unknown; message: unknown };
        if (typeof field === 'string' && typeof message === 'string' && !(field in out)) {
          out[field] = message;
        }
      }
    }
  } else if (fields && typeof fields === 'object') {
    for (const [k, v] of Object.entries(fields as Record<string, unknown>)) {
      if (typeof v === 'string') out[k] = v;
      else if (Array.isArray(v) && typeof v[0] === 'string') out[k] = v[0];
    }
  }
  return out;
}

/** Seconds from a `Retry-After` header (delta-seconds or an HTTP date). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, Math.ceil(secs));
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** Builds an ApiError from a failed response (the body may be anything). */
export async function apiErrorFrom(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.clone().json();
  } catch {
    body = null;
  }
  return apiErrorFromBody(res.status, body, res.headers.get('retry-after'));
}

export function apiErrorFromBody(status: number, body: unknown, retryAfter: string | null): ApiError {
  const err = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)
    ?.error;
  return new ApiError({
    status,
    code: typeof err?.code === 'string' ? err.code : `http_${status}`,
    message: typeof err?.message === 'string' ? err.message : `HTTP ${status}`,
    details: err?.details,
    retryAfter: parseRetryAfter(retryAfter),
  });
}
