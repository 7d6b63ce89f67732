import type { Logger } from '../logging/logger';
import type { RetryPlan } from './retry-engine';

/** A response's headers: a fetch `Headers` (anything with `get`), or a plain record (Node's `http`, axios, got). @example const headers: HeadersLike = { 'retry-after': '2' }; */
export type HeadersLike = { get(name: string): string | null } | Readonly<Record<string, string | string[] | number | undefined>>;

/** What {@link HttpError.fromResponse} reads: a fetch `Response` fits. @example const response: ResponseLike = { status: 503, headers: { 'retry-after': '1' } }; */
export interface ResponseLike {
  status: number;
  statusText?: string;
  headers?: HeadersLike;
}

/** Options of {@link HttpError}. @example throw new HttpError(429, 'portal rate limit', { retryAfter: '30' }); */
export interface HttpErrorOptions {
  /** A `Retry-After` value: seconds (a number or a string of digits), an HTTP date, or a Date. */
  retryAfter?: string | number | Date | null;
  cause?: unknown;
}

/**
 * A failed HTTP call, as `invocation.retry` reads it: 429 and 5xx are retried, `retryAfter` sets the wait. Only the status
 * and Retry-After are kept (headers may carry secrets). Any error with a numeric `status` works too: see docs/architecture.md#retry.
 * @example if (!res.ok) throw HttpError.fromResponse(res, `portal answered ${res.status} to POST /members`);
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
 * The default of `RetryOptions.retryable`: network failures, a per-attempt `TimeoutError` (`AbortSignal.timeout`), and HTTP 429 or 5xx. A 4xx or a bug fails at once.
 * @example await retry(call, { retryable: (err) => isRetryableError(err) || (err as { code?: string }).code === 'LOCKED' });
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

/** The wait a failure's `Retry-After` asks for, in ms from now (seconds, or an HTTP date: a past one is 0); undefined when unreadable. */
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

/**
 * One attempt of {@link RetryFunction | invocation.retry}: `attempt` counts from 1; pass `signal` to `fetch` and SDK calls.
 * @example const attempt: RetryAttempt<Project[]> = async (n, signal) => (await portal.get('/projects', { signal })).json();
 */
export type RetryAttempt<T> = (attempt: number, signal: AbortSignal) => Promise<T> | T;

/**
 * Options of {@link RetryFunction | invocation.retry}.
 * @example await retry(() => portal.addMember(req.username), { maxAttempts: 3, retryable: (err) => isRetryableError(err) || isBusy(err) });
 */
export interface RetryOptions {
  /** Attempts in all, the first one included. Default 5. */
  maxAttempts?: number;
  /** The scale of the first wait, ms: waits about double per retry, with jitter, up to `maxDelayMs`. Default 100. */
  baseDelayMs?: number;
  /** The longest wait, ms. A longer `Retry-After` ends the retries with the last error. Default 10 000. */
  maxDelayMs?: number;
  /** Which failures are worth another attempt. Default `isRetryableError`. */
  retryable?: (error: unknown) => boolean;
}

/**
 * `invocation.retry(fn, options?)`: runs `fn` until it succeeds, with backoff, jitter and Retry-After, never waiting past the deadline.
 * See docs/architecture.md#retry.
 * @example
 * ```ts
 * async grant(req: GrantRequest, { retry }: Invocation) {
 *   await retry(async (attempt, signal) => {
 *     const res = await fetch(`${base}/members`, { method: 'POST', body, signal });
 *     if (!res.ok) throw HttpError.fromResponse(res);
 *   });
 * }
 * ```
 */
export type RetryFunction = <T>(fn: RetryAttempt<T>, options?: RetryOptions) => Promise<T>;

const DEFAULT_MAX_ATTEMPTS = 5;
const DEFAULT_BASE_DELAY_MS = 100;
const DEFAULT_MAX_DELAY_MS = 10_000;

function checked(name: string, value: number, integer: boolean): number {
  if (!Number.isFinite(value) || value < (integer ? 1 : 0) || (integer && !Number.isInteger(value))) {
    throw new RangeError(`invocation.retry: ${name} must be ${integer ? 'an integer ≥ 1' : 'a finite number ≥ 0'}, got ${String(value)}`);
  }
  return value;
}

/** Fields that say what failed without its message, which may carry a secret. */
function failureFields(thrown: unknown): Record<string, unknown> {
  if (typeof thrown !== 'object' || thrown === null) return { error_name: typeof thrown };
  const error = thrown as Record<string, unknown>;
  const fields: Record<string, unknown> = { error_name: typeof error.name === 'string' ? error.name : 'unknown' };
  const status = httpStatusOf(error);
  if (status !== undefined) fields.status = status;
  if (typeof error.code === 'string') fields.error_code = error.code;
  return fields;
}

/** The plan of one `invocation.retry()` call: options checked and defaulted, and the wait before each retry. */
function planOf(options: RetryOptions, signal: AbortSignal, abortsAtMs: number, logger: Logger): RetryPlan {
  const maxAttempts = checked('maxAttempts', options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, true);
  const baseDelayMs = checked('baseDelayMs', options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS, false);
  const maxDelayMs = checked('maxDelayMs', options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS, false);
  const retryable = options.retryable ?? isRetryableError;
  return {
    maxAttempts,
    baseDelayMs,
    maxDelayMs,
    // Once the signal fired, the failure is the abort itself: never retried.
    shouldRetry: (error) => !signal.aborted && retryable(error),
    waitBefore(nextAttempt, error, backoffMs) {
      const retryAfterMs = retryAfterMsOf(error);
      const waitMs = Math.ceil(retryAfterMs ?? backoffMs);
      if (retryAfterMs !== undefined && retryAfterMs > maxDelayMs) {
        logger.warn('retries stopped: Retry-After asks for a longer wait than maxDelayMs', { ...failureFields(error), attempt: nextAttempt - 1, retry_after_ms: waitMs, max_delay_ms: maxDelayMs });
        throw error;
      }
      // Waiting past the signal would only end in DeadlineExceededError: answer the real failure now.
      if (Date.now() + waitMs >= abortsAtMs) {
        logger.warn('retries stopped: the next wait would end after the invocation deadline', { ...failureFields(error), attempt: nextAttempt - 1, delay_ms: waitMs });
        throw error;
      }
      logger.warn('retrying after a failed attempt', { ...failureFields(error), attempt: nextAttempt - 1, next_attempt: nextAttempt, delay_ms: waitMs, retry_after: retryAfterMs !== undefined });
      return waitMs;
    },
  };
}

/** cockatiel's retry policy, loaded on the first retry(): a cold start that never retries never loads it. */
let engine: Promise<typeof import('./retry-engine')> | undefined;

async function runRetries<T>(fn: RetryAttempt<T>, options: RetryOptions, signal: AbortSignal, abortsAtMs: number, logger: Logger): Promise<T> {
  signal.throwIfAborted();
  const plan = planOf(options, signal, abortsAtMs, logger);
  engine ??= import('./retry-engine');
  const { runAttempts } = await engine;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    // cockatiel does not cut a wait short: the signal settles the call at once, and the next attempt never starts.
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const attempt = async (attemptNumber: number) => {
      signal.throwIfAborted();
      return fn(attemptNumber, signal);
    };
    runAttempts(plan, attempt, signal)
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * An {@link Invocation}'s `retry`, for `signal`, which fires at `abortsAtMs` (epoch ms; `Infinity` when never).
 * @example const invocation = { ..., signal, retry: retryOf(() => deadline.signal, () => deadline.firesAtMs, logger) };
 */
export function retryOf(signal: () => AbortSignal, abortsAtMs: () => number, logger: Logger): RetryFunction {
  return (fn, options) => runRetries(fn, options ?? {}, signal(), abortsAtMs(), logger);
}
