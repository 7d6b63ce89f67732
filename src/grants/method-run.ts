import type { Logger } from '../logging/logger';
import type { GrantRecord } from './records';
import { GrantInProgressError, LockNotReleasedError } from '../errors';
import { messageOf } from './grant-decisions';

/**
 * The invocation's deadline, as the ledgers see it (bootstrap's `Deadline` is one). See docs/grant-ledger.md#lock-expiry.
 * @example const late = deadline.tooLateToStart(); // an Error when the margin or less is left
 */
export interface MethodDeadline {
  /** The error to answer when no method may start any more; otherwise undefined. */
  tooLateToStart(): Error | undefined;
  /** Rejects with the deadline's error when it fires; never resolves. */
  readonly expired: Promise<never>;
  /** How long a method is still awaited after the deadline fired, before it is abandoned. */
  readonly graceMs: number;
}

/**
 * How the ledger runs a grant's or revoke's method, beside the method itself.
 * @example await ledger.grant(intent, lock, () => integration.grant(req, invocation), { deadline, logger, undo });
 */
export interface MethodRunOptions {
  /** Without one the method is awaited however long it takes. */
  deadline?: MethodDeadline;
  /** Runs `@Revoke` with a grant's record, to take back a grant that must not stand (late, or its data unkeepable). */
  undo?: (record: GrantRecord) => Promise<void>;
  /** Hears what no caller is left to hear (a method that ended after its invocation). */
  logger?: Logger;
  /** Given the settling of a method that outlived its invocation, so the caller keeps its DI scope until it ends. */
  holdOpen?: (settling: Promise<unknown>) => void;
  /** Metric fields for the lines logged about a method that outlived its invocation. */
  metricFields?: (values: { LateGrantsUndone: number }) => Record<string, unknown>;
}

/** How a method ended. */
export type MethodOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/** A method that ended in time, or one abandoned at the deadline (`late` settles when it ends). */
export type AwaitedMethod<T> =
  | { readonly outcome: MethodOutcome<T> }
  | { readonly abandoned: Error; readonly late: Promise<MethodOutcome<T>> };

/** Starts `run` and waits for it, or for the deadline, whichever comes first. */
async function awaitMethod<T>(run: () => Promise<T>, deadline: MethodDeadline | undefined): Promise<AwaitedMethod<T>> {
  const ended: Promise<MethodOutcome<T>> = Promise.resolve()
    .then(run)
    .then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
  if (deadline === undefined) return { outcome: await ended };
  try {
    return { outcome: await Promise.race([ended, deadline.expired]) };
  } catch (abandoned) {
    return { abandoned: abandoned as Error, late: ended };
  }
}

/** Waits for `work`, at most `ms` (unref'd: it never keeps the process alive). */
function waitAtMost(work: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref?.();
    work.then(
      () => { clearTimeout(timer); resolve(); },
      () => { clearTimeout(timer); resolve(); },
    );
  });
}

/**
 * The grant_ids whose body runs (or settles, late ones included) in this process. See docs/grant-ledger.md#body-fence.
 * @example const release = fence.enter(grantId, 'grant-access', lock.expiresAtMs); // GrantInProgressError when held
 */
export class BodyFence {
  private readonly held = new Map<string, { lockExpiresAtMs: number }>();

  isHeld(grantId: string): boolean {
    return this.held.has(grantId);
  }

  /** Takes the fence of `grantId` and returns its (idempotent) release; GrantInProgressError when held. */
  enter(grantId: string, event: 'grant-access' | 'revoke-access', lockExpiresAtMs: number): () => void {
    const holder = this.held.get(grantId);
    if (holder !== undefined) {
      throw new GrantInProgressError(
        `grant_id ${grantId} is locked by another invocation of this instance running a grant or revoke (its lock ` +
          `expires at ${new Date(holder.lockExpiresAtMs).toISOString()}, and a method that outlived its deadline is ` +
          `awaited until it ends), so this ${event} did nothing. Retry it later.`,
      );
    }
    const token = { lockExpiresAtMs };
    this.held.set(grantId, token);
    return () => {
      if (this.held.get(grantId) === token) this.held.delete(grantId);
    };
  }
}

/**
 * One method run under a lock the caller has taken: what to do on each way it can end.
 * @example return runLocked({ run, options, settle: recordSuccess, release: releaseLock, settleLate, done: leaveFence });
 */
export interface LockedRun<T, R> {
  run: () => Promise<T>;
  options: MethodRunOptions;
  /** The settling write; returns the answer. */
  settle: (value: T) => Promise<R>;
  /** Records a failure (or a method not started) and releases the lock; returns the error to throw. */
  release: (err: unknown) => Promise<unknown>;
  /** Settles a method that ended after its invocation answered DeadlineExceededError. */
  settleLate: (outcome: MethodOutcome<T>, deadlineError: Error) => Promise<void>;
  /** Called once nothing of this run is left running (late settling included). */
  done: () => void;
}

/**
 * The locked run both ledgers share; a method still running at the deadline is abandoned. See docs/grant-ledger.md#lock-expiry.
 * @example const answer = await runLocked(steps); // throws the method's error, or the one `release` returns
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
 * Releases a lock after a failed method; returns the method's error, or a {@link LockNotReleasedError}
 * standing for it when the release failed too. See docs/grant-ledger.md#store-failures.
 * @example throw await releaseOrReport(() => store.releaseCredential(id, release), err, lock.expiresAtMs, consequence);
 */
export async function releaseOrReport(release: () => Promise<unknown>, methodError: unknown, lockExpiresAtMs: number, consequence: string): Promise<unknown> {
  try {
    await release();
    return methodError;
  } catch (releaseError) {
    return new LockNotReleasedError(methodError, releaseError, lockExpiresAtMs, consequence);
  }
}
