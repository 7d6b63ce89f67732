import type { Logger } from '../logging/logger';
import { httpStatusOf, isRetryableError, retryAfterMsOf } from './http-error';
import type { RetryPlan } from './retry-engine';

/**
 * One attempt of {@link RetryFunction | invocation.retry}: `attempt` counts from 1, and
 * `signal` is the invocation's (pass it to `fetch` and SDK calls).
 *
 * @example
 * ```ts
 * const attempt: RetryAttempt<Project[]> = async (n, signal) => (await portal.get('/projects', { signal })).json();
 * ```
 */
export type RetryAttempt<T> = (attempt: number, signal: AbortSignal) => Promise<T> | T;

/**
 * Options of {@link RetryFunction | invocation.retry}.
 *
 * @example
 * ```ts
 * await retry(() => portal.addMember(req.username), { maxAttempts: 3, retryable: (err) => isRetryableError(err) || isBusy(err) });
 * ```
 */
export interface RetryOptions {
  /** Attempts in all, the first one included. Default 5. */
  maxAttempts?: number;
  /**
   * The scale of the first wait, in ms: waits grow about twofold per retry, with
   * jitter (cockatiel's decorrelated jitter), up to `maxDelayMs`. Default 100.
   */
  baseDelayMs?: number;
  /**
   * The longest wait, in ms. A `Retry-After` asking for longer ends the retries with
   * the last error: the server said not to come back sooner. Default 10 000.
   */
  maxDelayMs?: number;
  /** Which failures are worth another attempt. Default `isRetryableError`. */
  retryable?: (error: unknown) => boolean;
}

/**
 * `invocation.retry(fn, options?)`: runs `fn` until it succeeds, retrying the failures
 * `options.retryable` accepts with exponential backoff and jitter, honouring a
 * `Retry-After` the failure carries (see `HttpError`). It never waits past the
 * invocation's deadline: when the next wait would end after `signal` fires it stops at
 * once with the last error, and when `signal` fires it rejects at once with the
 * signal's reason (`DeadlineExceededError`) and starts no further attempt.
 *
 * @example
 * ```ts
 * @Grant()
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

/**
 * The plan of one `invocation.retry()` call: its options checked and defaulted, the
 * retryable test, and the wait before each retry (Retry-After, the deadline).
 */
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

/** cockatiel's retry policy, loaded on the first retry() of the cold start, not at init (see retry-engine.ts). */
let engine: Promise<typeof import('./retry-engine')> | undefined;

async function runRetries<T>(fn: RetryAttempt<T>, options: RetryOptions, signal: AbortSignal, abortsAtMs: number, logger: Logger): Promise<T> {
  signal.throwIfAborted();
  const plan = planOf(options, signal, abortsAtMs, logger);
  engine ??= import('./retry-engine');
  const { runAttempts } = await engine;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    // cockatiel does not cut a wait short: the signal settles the call at once, and the
    // attempt the wait leads to never starts.
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
 * An {@link Invocation}'s `retry`, for `signal`, which fires at `abortsAtMs` (epoch ms;
 * `Infinity` when it never fires by itself).
 *
 * @example
 * ```ts
 * const invocation = { ..., signal, retry: retryOf(() => deadline.signal, () => deadline.firesAtMs, logger) };
 * ```
 */
export function retryOf(signal: () => AbortSignal, abortsAtMs: () => number, logger: Logger): RetryFunction {
  return (fn, options) => runRetries(fn, options ?? {}, signal(), abortsAtMs(), logger);
}
