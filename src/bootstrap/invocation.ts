import type * as NodeCrypto from 'node:crypto';
import { DeadlineExceededError } from '../errors';
import type { MethodDeadline } from '../grants/method-run';
import type { Logger } from '../logging/logger';
import { type RetryFunction, retryOf } from './retry';

/** Lambda's longest timeout: the time left assumed when no context tells it, and the bound of `deadlineMarginMs`. */
export const LONGEST_LAMBDA_TIMEOUT_MS = 15 * 60 * 1000;

/**
 * One invocation's deadline: a signal that fires `marginMs` before Lambda stops the instance, and the lock expiry. See docs/architecture.md#deadlines.
 * @example const deadline = new Deadline(context, 500); try { await deadline.race(method(req)); } finally { deadline.clear(); }
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
    const remaining = typeof context?.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : LONGEST_LAMBDA_TIMEOUT_MS;
    // 0 ms left is a real answer (the lock is born expired), not "unknown".
    this.remainingMs = Number.isFinite(remaining) && remaining >= 0 ? remaining : LONGEST_LAMBDA_TIMEOUT_MS;
    this.lockExpiresAtMs = nowMs + this.remainingMs;
    this.graceMs = marginMs / 2;
    this.firesAtMs = nowMs + Math.max(0, this.remainingMs - marginMs);
    this.timer = setTimeout(() => this.expire(), Math.max(0, this.remainingMs - marginMs));
    this.timer.unref?.();
  }

  /** Fires at the deadline. Made on first use: an AbortController is a measurable share of a grant's few microseconds. */
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

/**
 * The Lambda context as the framework reads it. Declared here, not taken from `@types/aws-lambda`, so the package's types stand alone; a real `Context` fits.
 * @example await handler(event, { awsRequestId: 'req-1', functionName: 'portal', getRemainingTimeInMillis: () => 10_000 });
 */
export interface LambdaContext {
  awsRequestId: string;
  functionName: string;
  getRemainingTimeInMillis(): number;
  functionVersion?: string;
  invokedFunctionArn?: string;
  memoryLimitInMB?: string;
  logGroupName?: string;
  logStreamName?: string;
  callbackWaitsForEmptyEventLoop?: boolean;
}

/** Every context field Lambda's Node.js runtime passes, as `@types/aws-lambda`'s `Context` has them. @example const context: LambdaRuntimeContext = fakeLambdaContext(); */
export interface LambdaRuntimeContext extends Required<LambdaContext> {
  done(error?: Error, result?: unknown): void;
  fail(error: Error | string): void;
  succeed(messageOrObject: unknown): void;
}

/**
 * The second argument of every integration method: the invocation around the request.
 * @example
 * ```ts
 * async grant(req: GrantRequest, { signal, logger }: Invocation) {
 *   logger.info('adding membership');
 *   await fetch(url, { method: 'POST', signal });   // aborted before the Lambda deadline
 * }
 * ```
 */
export interface Invocation {
  readonly eventType: string;
  readonly context: LambdaContext;
  /** Fires shortly before the Lambda deadline (see `deadlineMarginMs`): pass it to fetch and SDK calls. */
  readonly signal: AbortSignal;
  /** A logger stamped with event_type, grant_id, request_id and cold_start. */
  readonly logger: Logger;
  /**
   * Runs `cleanup` when `signal` fires (at once if it has): to stop work a client cannot abort, such as a query. A failing cleanup is logged.
   * @example onAbort(() => pool.query('SELECT pg_cancel_backend($1)', [pid]));
   */
  onAbort(cleanup: () => unknown): void;
  /** Runs `fn(attempt, signal)` until it succeeds: network errors and HTTP 429/5xx retried with backoff, never past the deadline. See {@link RetryFunction}. */
  readonly retry: RetryFunction;
}

/** An {@link Invocation}'s `onAbort`: runs each cleanup once, when `signal` fires. @example const onAbort = onAbortOf(() => deadline.signal, logger); */
export function onAbortOf(signal: () => AbortSignal, logger: Logger): (cleanup: () => unknown) => void {
  return (cleanup) => {
    const run = () => {
      Promise.resolve()
        .then(cleanup)
        .catch((err: unknown) => logger.warn('an onAbort cleanup failed', { error_message: err instanceof Error ? err.message : String(err) }));
    };
    const current = signal();
    if (current.aborted) run();
    else current.addEventListener('abort', run, { once: true });
  };
}

/**
 * The invocation of an undo through `@Revoke`: the original's context and logger, and a signal that never fires (it may run after the answer).
 * @example await revoke(revokeRequestWith(grantRequest, record), undoInvocationOf(invocation));
 */
export function undoInvocationOf(of: Invocation): Invocation {
  const signal = new AbortController().signal;
  return {
    eventType: 'revoke-access',
    context: of.context,
    logger: of.logger,
    signal,
    onAbort: onAbortOf(() => signal, of.logger),
    // Never aborted, so retries are bounded by their attempts alone.
    retry: retryOf(() => signal, () => Number.POSITIVE_INFINITY, of.logger),
  };
}

/** Loaded on first use: `node:crypto` costs ~3 ms of cold start that get-status and list-resources never need. */
let randomUUID: typeof NodeCrypto.randomUUID | undefined;

/** A fresh UUID, from node:crypto loaded on first call. */
export function freshUuid(): string {
  randomUUID ??= (require('node:crypto') as typeof NodeCrypto).randomUUID;
  return randomUUID();
}

/** A lock owner for one invocation: the request id alone is not unique (a re-delivered async event keeps it, and deliveries may overlap). */
export function lockOwnerFor(awsRequestId: string): string {
  // Cut: the owner is kept in every history entry, and a local caller may send any request id.
  return `${awsRequestId.slice(0, 128)}/${freshUuid().slice(0, 8)}`;
}
