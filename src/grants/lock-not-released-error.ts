/**
 * What a caller gets when a method failed and releasing the lock it ran under
 * failed too (the store was down, or the role may not write): the method's error,
 * with a message that says the lock was kept and until when.
 *
 * It stands for the method's error, so that what Apono and the logs see is still
 * about the method: the same `name` (Lambda's `errorType`; framework errors are
 * matched by name), the same `retryable`, the method's stack, the method's message
 * first, and the method's error itself as `cause`. Only the message grows, because
 * the message is what reaches both the "event failed" log line and Apono's answer.
 *
 * @example
 * ```ts
 * catch (err) {
 *   if (err instanceof LockNotReleasedError) console.warn('locked until', new Date(err.lockExpiresAtMs), err.releaseError);
 *   throw err; // err.name, err.retryable and err.cause are the method's
 * }
 * ```
 */
export class LockNotReleasedError extends Error {
  /** The method's own `retryable` (false when it had none). */
  readonly retryable: boolean;
  /** Why the release failed (the store's error). */
  readonly releaseError: unknown;
  /** When the kept lock expires: the next event on the same record proceeds from then on. */
  readonly lockExpiresAtMs: number;

  constructor(methodError: unknown, releaseError: unknown, lockExpiresAtMs: number, consequence: string) {
    super(`${messageOf(methodError)} — and then its lock was not released (${describe(releaseError)}): ${consequence}`, { cause: methodError });
    this.name = methodError instanceof Error ? methodError.name : 'Error';
    const retryable = (methodError as { retryable?: unknown } | null | undefined)?.retryable;
    this.retryable = retryable === true;
    this.releaseError = releaseError;
    this.lockExpiresAtMs = lockExpiresAtMs;
    if (methodError instanceof Error && methodError.stack !== undefined) this.stack = methodError.stack;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** `Name: message` of the store's error (an AccessDeniedException names the action and the table). */
function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
