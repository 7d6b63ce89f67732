import { messageOf } from './grant-decisions';
import { LockNotReleasedError } from '../errors';
import { awaitMethod, waitAtMost, type MethodOutcome, type MethodRunOptions } from './method-run';

/**
 * One method run under a lock the caller has taken: what to do on each way it can end.
 *
 * @example
 * ```ts
 * return runLocked({ run, options, settle: (value) => recordSuccess(value), release: (err) => releaseLock(err),
 *   settleLate: (outcome) => releaseLock(outcome), done: leaveFence });
 * ```
 */
export interface LockedRun<T, R> {
  /** The method. */
  run: () => Promise<T>;
  options: MethodRunOptions;
  /** Records the method's success (the settling write) and returns the answer. */
  settle: (value: T) => Promise<R>;
  /** Records a failure (or a method not started) and releases the lock; returns the error to throw. */
  release: (err: unknown) => Promise<unknown>;
  /** Settles a method that ended after its invocation answered DeadlineExceededError. */
  settleLate: (outcome: MethodOutcome<T>, deadlineError: Error) => Promise<void>;
  /** Called once nothing of this run is left running (late settling included). */
  done: () => void;
}

/**
 * The locked run both ledgers share: no method starts with the deadline's margin
 * or less left; a method that fails releases the lock; one that succeeds is
 * settled; one still running at the deadline is abandoned — the invocation answers
 * DeadlineExceededError after the deadline's grace, keeping the lock, and
 * `settleLate` runs when the method ends.
 *
 * @example
 * ```ts
 * const answer = await runLocked(steps); // throws the method's error, or the one `release` returns
 * ```
 */
export async function runLocked<T, R>(steps: LockedRun<T, R>): Promise<R> {
  const { options } = steps;
  let doneNow = true;
  try {
    const tooLate = options.deadline?.tooLateToStart();
    if (tooLate !== undefined) throw await steps.release(tooLate);
    const awaited = await awaitMethod(steps.run, options.deadline);
    if ('abandoned' in awaited) {
      doneNow = false;
      const settling = awaited.late
        .then((outcome) => steps.settleLate(outcome, awaited.abandoned))
        .catch((err: unknown) => options.logger?.error('settling a method that outlived its deadline failed', { error_message: messageOf(err) }))
        .finally(steps.done);
      options.holdOpen?.(settling);
      await waitAtMost(settling, options.deadline?.graceMs ?? 0);
      throw awaited.abandoned;
    }
    if (!awaited.outcome.ok) throw await steps.release(awaited.outcome.error);
    return await steps.settle(awaited.outcome.value);
  } finally {
    if (doneNow) steps.done();
  }
}

/**
 * Runs the release of a lock after a failed method; returns the error to throw:
 * the method's own, or, when the release failed too, a {@link LockNotReleasedError}
 * standing for it. Swallowing the store's error would leave every retry refused
 * until the lock expires, with nothing saying why.
 *
 * @example
 * ```ts
 * throw await releaseOrReport(() => store.releaseCredential(id, release), err, lock.expiresAtMs, consequence);
 * ```
 */
export async function releaseOrReport(release: () => Promise<unknown>, methodError: unknown, lockExpiresAtMs: number, consequence: string): Promise<unknown> {
  try {
    await release();
    return methodError;
  } catch (releaseError) {
    return new LockNotReleasedError(methodError, releaseError, lockExpiresAtMs, consequence);
  }
}
