import { DeadlineExceededError } from '../errors';
import type { MethodDeadline } from '../grants/method-run';
import type { LambdaContext } from './invocation';

/** Without a Lambda context that tells the time left, assume Lambda's longest timeout. */
export const UNKNOWN_REMAINING_MS = 15 * 60 * 1000;

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
export class Deadline implements MethodDeadline {
  /** When a lock taken now stops protecting the record: the instance is gone by then. */
  readonly lockExpiresAtMs: number;
  /** Half the margin: a method that honours its signal settles in it, and the rest is left to write and answer. */
  readonly graceMs: number;
  /** When `signal` fires (epoch ms): a retry's wait that would end later is not started. */
  readonly firesAtMs: number;
  private readonly remainingMs: number;
  private expiredPromise: Promise<never> | undefined;
  private rejectExpired: ((reason: unknown) => void) | undefined;
  private controller: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;
  private rejectRace: ((reason: unknown) => void) | undefined;
  private reason: DeadlineExceededError | undefined;

  constructor(
    context: LambdaContext | undefined,
    private readonly marginMs: number,
    nowMs = Date.now(),
  ) {
    const remaining = typeof context?.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : UNKNOWN_REMAINING_MS;
    // 0 ms left is a real answer (the lock is born expired), not "unknown".
    this.remainingMs = Number.isFinite(remaining) && remaining >= 0 ? remaining : UNKNOWN_REMAINING_MS;
    this.lockExpiresAtMs = nowMs + this.remainingMs;
    this.graceMs = marginMs / 2;
    this.firesAtMs = nowMs + Math.max(0, this.remainingMs - marginMs);
    this.timer = setTimeout(() => this.expire(), Math.max(0, this.remainingMs - marginMs));
    this.timer.unref?.();
  }

  /**
   * Fires at the deadline. Made on first use: most methods never read it, and an
   * AbortController is a measurable share of a grant's few microseconds.
   */
  get signal(): AbortSignal {
    this.controller ??= new AbortController();
    if (this.reason !== undefined && !this.controller.signal.aborted) this.controller.abort(this.reason);
    return this.controller.signal;
  }

  /** Rejects with DeadlineExceededError when the deadline fires. Made on first use, like the signal. */
  get expired(): Promise<never> {
    if (this.expiredPromise === undefined) {
      this.expiredPromise = this.reason !== undefined
        ? Promise.reject(this.reason)
        : new Promise<never>((_resolve, reject) => { this.rejectExpired = reject; });
      // Nobody may be listening any more when it fires (the method won the race).
      this.expiredPromise.catch(() => undefined);
    }
    return this.expiredPromise;
  }

  /** The deadline's error when the time left is at or under the margin: then no method may start. */
  tooLateToStart(): DeadlineExceededError | undefined {
    const nowMs = Date.now();
    if (nowMs < this.firesAtMs) return undefined;
    this.expire();
    const leftMs = Math.max(0, this.lockExpiresAtMs - nowMs);
    return new DeadlineExceededError(
      `only ${leftMs} ms were left before the Lambda deadline, at or under deadlineMarginMs (${this.marginMs} ms), ` +
        'so the method was not started: it could not have been answered. The request can be retried.',
    );
  }

  /** The work's result, or DeadlineExceededError if the deadline comes first. */
  race<T>(work: Promise<T>): Promise<T> {
    if (this.reason !== undefined) return Promise.reject(this.reason);
    return new Promise<T>((resolve, reject) => {
      this.rejectRace = reject;
      work.then(resolve, reject);
    });
  }

  /** Stops the timer: call when the invocation ends. */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private expire(): void {
    if (this.reason !== undefined) return;
    clearTimeout(this.timer);
    this.reason = new DeadlineExceededError(
      `the method did not finish ${this.marginMs} ms before the Lambda deadline (${this.remainingMs} ms were left at the start); ` +
        'the request can be retried. Raise the function timeout or make the method faster.',
    );
    this.controller?.abort(this.reason);
    this.rejectRace?.(this.reason);
    this.rejectExpired?.(this.reason);
  }
}
