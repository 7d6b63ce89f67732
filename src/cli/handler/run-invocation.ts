import type { LocalLambdaContext } from './lambda-context';

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
 *
 * @example
 * ```ts
 * toFunctionError(new TypeError('bad')); // { errorType: 'TypeError', errorMessage: 'bad' }
 * ```
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
