import type * as NodeCrypto from 'node:crypto';
import type { Logger } from '../logging/logger';
import { type RetryFunction, retryOf } from './retry';

/**
 * The Lambda context, as the framework reads it: the three fields it needs, and
 * the others Lambda passes. Declared here rather than taken from `@types/aws-lambda`,
 * so that the package's types stand on their own; a real `aws-lambda` `Context`
 * satisfies it, and so do the harness's and the local server's.
 *
 * @example
 * ```ts
 * const context: LambdaContext = { awsRequestId: 'req-1', functionName: 'portal', getRemainingTimeInMillis: () => 10_000 };
 * await handler(event, context);
 * ```
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

/**
 * Everything Lambda's Node.js runtime passes as the context, field for field as
 * `@types/aws-lambda`'s `Context` has it (so it can be passed where one is expected).
 *
 * @example
 * ```ts
 * const context: LambdaRuntimeContext = fakeLambdaContext({ remainingTimeMs: 3_000 });
 * ```
 */
export interface LambdaRuntimeContext extends Required<LambdaContext> {
  done(error?: Error, result?: unknown): void;
  fail(error: Error | string): void;
  succeed(messageOrObject: unknown): void;
}

/**
 * The second argument of every integration method: the invocation around the request.
 *
 * @example
 * ```ts
 * @Grant()
 * async grant(req: GrantRequest, { signal, logger }: Invocation) {
 *   logger.info('adding membership');
 *   await fetch(url, { method: 'POST', signal });   // aborted before the Lambda deadline
 * }
 * ```
 */
export interface Invocation {
  /** The event type being handled. */
  readonly eventType: string;
  /** The Lambda context of this invocation. */
  readonly context: LambdaContext;
  /** Fires shortly before the Lambda deadline (see `deadlineMarginMs`): pass it to fetch and SDK calls. */
  readonly signal: AbortSignal;
  /** A logger stamped with event_type, grant_id, request_id and cold_start. */
  readonly logger: Logger;
  /**
   * Runs `cleanup` when `signal` fires (at once if it already has): the way to stop
   * work a client cannot abort by itself — cancel a query from another connection
   * (`pg_cancel_backend`), close a socket. A failing cleanup is logged, never thrown.
   *
   * @example
   * ```ts
   * const pid = await client.query('SELECT pg_backend_pid()');
   * onAbort(() => pool.query('SELECT pg_cancel_backend($1)', [pid]));
   * ```
   */
  onAbort(cleanup: () => unknown): void;
  /**
   * Runs `fn(attempt, signal)` until it succeeds, retrying what `options.retryable`
   * accepts (default: network errors, HTTP 429 and 5xx by the `HttpError` convention)
   * with exponential backoff and jitter, honouring `Retry-After`; never waiting past
   * the deadline, and rejecting with `DeadlineExceededError` as soon as `signal` fires.
   *
   * @example
   * ```ts
   * const projects = await retry(async (attempt, signal) => {
   *   const res = await fetch(`${base}/projects`, { signal });
   *   if (!res.ok) throw HttpError.fromResponse(res);
   *   return res.json();
   * }, { maxAttempts: 4 });
   * ```
   */
  readonly retry: RetryFunction;
}

/**
 * An {@link Invocation}'s `onAbort`, for `signal`: runs each cleanup once, when it fires.
 *
 * @example
 * ```ts
 * const invocation = { eventType, context, logger, signal, onAbort: onAbortOf(signal, logger), retry };
 * ```
 */
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
 * The invocation an undo through `@Revoke` runs under: the original's context and
 * logger, with its own signal, never aborted (the original's fired at its deadline,
 * and the undo of a method that outlived it runs after the answer).
 *
 * @example
 * ```ts
 * await revoke(revokeRequestWith(grantRequest, record), undoInvocationOf(invocation));
 * ```
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
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  randomUUID ??= (require('node:crypto') as typeof NodeCrypto).randomUUID;
  return randomUUID();
}

/**
 * A lock owner for one invocation. The request id alone is not unique: Lambda
 * re-delivers an async event with the same one, and two deliveries may overlap.
 */
export function lockOwnerFor(awsRequestId: string): string {
  // Cut: the owner is kept in every history entry, and a local caller may send any request id.
  return `${awsRequestId.slice(0, 128)}/${freshUuid().slice(0, 8)}`;
}
