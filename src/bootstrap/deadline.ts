import { DeadlineExceededError } from '../errors';
import type { LambdaContext } from './invocation';

/** Without a Lambda context that tells the time left, assume Lambda's longest timeout. */
const UNKNOWN_REMAINING_MS = 15 * 60 * 1000;

/**
 * The deadline of one invocation: an AbortSignal that fires `marginMs` before
 * Lambda would kill the instance, so that the grant record can still be released
 * and the error reported, and the lock expiry for the grant record.
 *
 * @example
 * ```ts
 * const deadline = new Deadline(context, 500);
 * try { await deadline.race(method(req)); } finally { deadline.clear(); }
 * ```
 */
export class Deadline {
  readonly signal: AbortSignal;
  /** When a lock taken now stops protecting the record: the instance is gone by then. */
  readonly lockExpiresAtMs: number;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly expired: Promise<never>;

  constructor(context: LambdaContext | undefined, marginMs: number, nowMs = Date.now()) {
    this.signal = this.controller.signal;
    const remaining = typeof context?.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : UNKNOWN_REMAINING_MS;
    // 0 ms left is a real answer (the lock is born expired), not "unknown".
    const remainingMs = Number.isFinite(remaining) && remaining >= 0 ? remaining : UNKNOWN_REMAINING_MS;
    this.lockExpiresAtMs = nowMs + remainingMs;
    const abortInMs = Math.max(0, remainingMs - marginMs);
    this.expired = new Promise<never>((_, reject) => {
      this.signal.addEventListener('abort', () => reject(this.signal.reason), { once: true });
    });
    this.expired.catch(() => undefined); // observed only through race()
    this.timer = setTimeout(() => {
      this.controller.abort(
        new DeadlineExceededError(
          `the method did not finish ${marginMs} ms before the Lambda deadline (${remainingMs} ms were left at the start); ` +
            'the request can be retried. Raise the function timeout or make the method faster.',
        ),
      );
    }, abortInMs);
    this.timer.unref?.();
  }

  /** The work's result, or DeadlineExceededError if the deadline comes first. */
  race<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.expired]);
  }

  /** Stops the timer: call when the invocation ends. */
  clear(): void {
    clearTimeout(this.timer);
  }
}
