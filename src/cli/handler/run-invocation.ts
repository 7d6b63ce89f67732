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
 * The context of one local invocation: {@link fakeLambdaContext} with the CLI's region, account and memory.
 * @example const context = createLambdaContext({ functionName: 'portal', timeoutMs: 30_000 });
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
 * Runs `work` with stdout sent to stderr, so stdout keeps the answer alone (the framework logs to stdout).
 * @example const outcome = await withStdoutToStderr(() => runInvocation(handler, event, context, timeoutMs));
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

/** The errorType Lambda reports when a function runs past its timeout. */
export const TIMEOUT_ERROR_TYPE = 'Sandbox.Timedout';

/**
 * Calls a handler once; a throw, a rejection or a timeout becomes Lambda's function error.
 * See docs/local-loop.md#running-an-invocation.
 * @example const outcome = await runInvocation(handler, event, context, 30_000);
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
 * The `{ errorType, errorMessage }` of a thrown value: name and message only (a stack may carry secrets).
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
