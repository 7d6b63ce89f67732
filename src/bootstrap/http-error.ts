/**
 * An HTTP response's headers: a fetch `Headers` (anything with `get`), or a plain
 * record as Node's `http`, axios and got give them.
 *
 * @example
 * ```ts
 * const headers: HeadersLike = { 'retry-after': '2' };
 * ```
 */
export type HeadersLike = { get(name: string): string | null } | Readonly<Record<string, string | string[] | number | undefined>>;

/**
 * What {@link HttpError.fromResponse} reads from a response: a fetch `Response` fits.
 *
 * @example
 * ```ts
 * const response: ResponseLike = { status: 503, statusText: 'Service Unavailable', headers: { 'retry-after': '1' } };
 * ```
 */
export interface ResponseLike {
  status: number;
  statusText?: string;
  headers?: HeadersLike;
}

/**
 * Options of {@link HttpError}.
 *
 * @example
 * ```ts
 * throw new HttpError(429, 'portal rate limit', { retryAfter: '30' });
 * ```
 */
export interface HttpErrorOptions {
  /** A `Retry-After` value: seconds (a number or a string of digits), an HTTP date, or a Date. */
  retryAfter?: string | number | Date | null;
  cause?: unknown;
}

/**
 * A failed HTTP call, as `invocation.retry` understands it. The convention is
 * structural, so your own error classes and other clients' errors work too: a thrown
 * value with a numeric `status` or `statusCode` (or a `response` that has one) is an
 * HTTP failure, retried by default when it is 429 or 5xx; its `retryAfter` (or the
 * `retry-after` entry of its `headers` / `response.headers`) sets the wait. Only the
 * status and the Retry-After are kept: headers and bodies may carry secrets.
 *
 * @example
 * ```ts
 * const res = await fetch(url, { signal });
 * if (!res.ok) throw HttpError.fromResponse(res, `portal answered ${res.status} to POST /members`);
 * ```
 */
export class HttpError extends Error {
  readonly status: number;
  readonly retryAfter?: string | number | Date;

  constructor(status: number, message = `HTTP ${status}`, options: HttpErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HttpError';
    this.status = status;
    if (options.retryAfter !== undefined && options.retryAfter !== null) this.retryAfter = options.retryAfter;
  }

  /** The error for a response that is not ok: its status and its `Retry-After`, nothing else. */
  static fromResponse(response: ResponseLike, message?: string): HttpError {
    const text = response.statusText ? ` ${response.statusText}` : '';
    return new HttpError(response.status, message ?? `HTTP ${response.status}${text}`, { retryAfter: headerOf(response.headers, 'retry-after') });
  }
}

/** Error codes of a connection that failed or broke: worth another attempt. */
const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENETUNREACH', 'ENETDOWN', 'EHOSTUNREACH',
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CLOSED',
]);

type Loose = Record<string, unknown>;
const isObject = (value: unknown): value is Loose => typeof value === 'object' && value !== null;

/** The HTTP status a thrown value carries by the {@link HttpError} convention, if any. */
export function httpStatusOf(error: Loose): number | undefined {
  const response = isObject(error.response) ? error.response : {};
  for (const value of [error.status, error.statusCode, response.status, response.statusCode]) {
    if (typeof value === 'number' && Number.isInteger(value) && value >= 100 && value <= 599) return value;
  }
  return undefined;
}

/** A network failure: its code, its causes' (fetch wraps them: `TypeError: fetch failed`), or an AggregateError's. */
function isNetworkError(error: unknown, depth = 0): boolean {
  if (!isObject(error) || depth > 5) return false;
  if (typeof error.code === 'string' && NETWORK_ERROR_CODES.has(error.code)) return true;
  if (Array.isArray(error.errors) && error.errors.some((inner) => isNetworkError(inner, depth + 1))) return true;
  return isNetworkError(error.cause, depth + 1);
}

/**
 * The default of `RetryOptions.retryable`: network failures (ECONNRESET, ETIMEDOUT,
 * ECONNREFUSED, EAI_AGAIN, undici's socket and timeout errors, also as the `cause` of
 * fetch's `TypeError`), a per-attempt timeout (`TimeoutError`, as `AbortSignal.timeout`
 * raises), and HTTP failures by the {@link HttpError} convention with status 429 or 5xx.
 * Nothing else: a 4xx, a bug, a validation error fail at once.
 *
 * @example
 * ```ts
 * await retry(call, { retryable: (err) => isRetryableError(err) || (err as { code?: string }).code === 'LOCKED' });
 * ```
 */
export function isRetryableError(error: unknown): boolean {
  if (!isObject(error)) return false;
  const status = httpStatusOf(error);
  if (status !== undefined) return status === 429 || status >= 500;
  return error.name === 'TimeoutError' || isNetworkError(error);
}

function headerOf(headers: unknown, name: string): string | undefined {
  if (!isObject(headers)) return undefined;
  if (typeof headers.get === 'function') {
    const value: unknown = (headers.get as (n: string) => unknown).call(headers, name);
    return typeof value === 'string' ? value : undefined;
  }
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' || typeof first === 'number' ? String(first) : undefined;
}

/**
 * The wait a failure's `Retry-After` asks for, in ms from now: seconds, or an HTTP date
 * (a date in the past is 0). Undefined when there is none or it cannot be read.
 */
export function retryAfterMsOf(error: unknown, nowMs = Date.now()): number | undefined {
  if (!isObject(error)) return undefined;
  const response = isObject(error.response) ? error.response : {};
  const value = error.retryAfter ?? headerOf(error.headers, 'retry-after') ?? headerOf(response.headers, 'retry-after');
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : Math.max(0, value.getTime() - nowMs);
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const dateMs = Date.parse(text);
  return Number.isNaN(dateMs) ? undefined : Math.max(0, dateMs - nowMs);
}
