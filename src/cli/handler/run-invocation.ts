import type { LambdaRuntimeContext } from '../../bootstrap/invocation';
import { fakeLambdaContext } from '../../testing/fake-lambda-context';
import { CliDefaults } from '../constants';

/** The context the local runners hand a handler: every field of the Node.js runtime's. */
export type LocalLambdaContext = LambdaRuntimeContext;

/** What a local invocation's context is made from. */
export interface LambdaContextOptions {
  functionName: string;
  /** The function timeout: `getRemainingTimeInMillis()` counts down from it. */
  timeoutMs: number;
  /** Defaults to a fresh UUID, as Lambda gives every invocation. */
  awsRequestId?: string;
  region?: string;
  accountId?: string;
  memoryLimitInMB?: number;
}

/**
 * The context of one local invocation, with the CLI's region, account and memory:
 * {@link fakeLambdaContext}, counting down from the function timeout.
 *
 * @example
 * ```ts
 * const context = createLambdaContext({ functionName: 'portal', timeoutMs: 30_000 });
 * const answer = await handler(event, context);
 * ```
 */
export function createLambdaContext(options: LambdaContextOptions): LocalLambdaContext {
  return fakeLambdaContext({
    functionName: options.functionName,
    remainingTimeMs: options.timeoutMs,
    awsRequestId: options.awsRequestId,
    region: options.region ?? CliDefaults.region,
    accountId: options.accountId ?? CliDefaults.accountId,
    memoryLimitInMB: options.memoryLimitInMB ?? CliDefaults.memoryLimitInMB,
  });
}

/**
 * Runs `work` with everything written to stdout sent to stderr instead, so that
 * `invoke` keeps stdout for the answer alone (the framework and user code log
 * JSON lines to stdout, as CloudWatch wants them in Lambda).
 *
 * @example
 * ```ts
 * const outcome = await withStdoutToStderr(() => runInvocation(handler, event, context, timeoutMs));
 * process.stdout.write(JSON.stringify(outcome));
 * ```
 */
export async function withStdoutToStderr<T>(work: () => Promise<T>): Promise<T> {
  const originalWrite = process.stdout.write;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  try {
    return await work();
  } finally {
    process.stdout.write = originalWrite;
  }
}

/** A Lambda handler as the local runners call it: `async (event, context) => answer`. */
export type LambdaHandler = (event: unknown, context: LocalLambdaContext) => unknown;

/** The payload Lambda answers with when a function fails. */
export interface FunctionErrorPayload {
  errorType: string;
  errorMessage: string;
}

/** How one local invocation ended. */
export type InvocationOutcome =
  | { ok: true; answer: unknown; durationMs: number }
  | { ok: false; error: FunctionErrorPayload; durationMs: number; timedOut: boolean };

/**
 * The errorType Lambda reports when a function runs past its timeout.
 */
export const TIMEOUT_ERROR_TYPE = 'Sandbox.Timedout';

/**
 * Calls a handler once and turns a throw, a rejection or a timeout into the
 * function error Lambda would report. Only the error's name and message are
 * kept: stacks and causes can carry request values, which may be secrets.
 *
 * When the timeout passes, the handler's promise is abandoned (Lambda would
 * freeze the sandbox; a local process cannot).
 *
 * @example
 * ```ts
 * const outcome = await runInvocation(handler, event, context, 30_000);
 * if (!outcome.ok) console.error(JSON.stringify(outcome.error));
 * ```
 */
export async function runInvocation(
  handler: LambdaHandler,
  event: unknown,
  context: LocalLambdaContext,
  timeoutMs: number,
): Promise<InvocationOutcome> {
  const startedAt = process.hrtime.bigint();
  const elapsedMs = () => Number(process.hrtime.bigint() - startedAt) / 1e6;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const settled = await Promise.race([
      Promise.resolve()
        .then(() => handler(event, context))
        .then((answer) => ({ answer })),
      timedOut,
    ]);
    if (settled === 'timeout') {
      const error = { errorType: TIMEOUT_ERROR_TYPE, errorMessage: `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds` };
      return { ok: false, error, durationMs: elapsedMs(), timedOut: true };
    }
    return { ok: true, answer: settled.answer, durationMs: elapsedMs() };
  } catch (err) {
    return { ok: false, error: toFunctionError(err), durationMs: elapsedMs(), timedOut: false };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The `{ errorType, errorMessage }` Lambda reports for a thrown value: the
 * error's name and message only.
 * @example toFunctionError(new TypeError('bad')); // { errorType: 'TypeError', errorMessage: 'bad' }
 */
export function toFunctionError(err: unknown): FunctionErrorPayload {
  if (err instanceof Error || (typeof err === 'object' && err !== null && 'message' in err)) {
    const { name, message } = err as { name?: unknown; message?: unknown };
    return {
      errorType: typeof name === 'string' && name !== '' ? name : 'Error',
      errorMessage: typeof message === 'string' ? message : String(message),
    };
  }
  return { errorType: 'Error', errorMessage: typeof err === 'string' ? err : 'the handler threw a non-Error value' };
}
