import type { Logger } from '../logging/logger';
import type { GrantRecord } from './records';
import { GrantInProgressError, LockNotReleasedError } from '../errors';
import { messageOf } from './grant-decisions';

/**
 * The invocation's deadline, as the ledgers see it (bootstrap's `Deadline` is one).
 *
 * @example
 * ```ts
 * const late = deadline.tooLateToStart();
 * if (late !== undefined) throw late; // no method starts with the margin or less left
 * ```
 */
export interface MethodDeadline {
  /** The error to answer when the time left is at or under the margin (no method may start); otherwise undefined. */
  tooLateToStart(): Error | undefined;
  /** Rejects with the deadline's error when it fires; never resolves. */
  readonly expired: Promise<never>;
  /**
   * How long a method is still awaited once the deadline fired, so that one that
   * honours its AbortSignal settles before the answer; after it, the method is
   * abandoned: the invocation answers, and what the method did is settled when it ends.
   */
  readonly graceMs: number;
}

/**
 * How the ledger runs a grant's or revoke's method, beside the method itself.
 *
 * @example
 * ```ts
 * await ledger.grant(intent, lock, () => integration.grant(req, invocation), {
 *   deadline, logger, undo: (record) => integration.revoke({ ...req, grant: record }, invocation),
 * });
 * ```
 */
export interface MethodRunOptions {
  /** Without one the method is awaited however long it takes. */
  deadline?: MethodDeadline;
  /**
   * Runs `@Revoke` with a grant's record (its `data` included), to take back a
   * grant that must not stand: one that ended after it was abandoned, or whose
   * `data` cannot be kept. Without it such a grant is recorded as it is.
   */
  undo?: (record: GrantRecord) => Promise<void>;
  /** Where the ledger reports what no caller is left to hear (a method that ended after its invocation). */
  logger?: Logger;
  /**
   * Called with the settling of a method that outlived its invocation, so that the
   * caller keeps what that method uses (its DI scope) until it ends.
   */
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

/**
 * Starts `run` and waits for it, or for the deadline, whichever comes first.
 *
 * @example
 * ```ts
 * const awaited = await awaitMethod(() => integration.grant(req), deadline);
 * if ('abandoned' in awaited) awaited.late.then(settleLater);
 * ```
 */
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

/**
 * Waits for `work`, at most `ms` (unref'd: it never keeps the process alive).
 *
 * @example
 * ```ts
 * await waitAtMost(lateSettlement, deadline.graceMs);
 * ```
 */
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
 * The grant_ids whose `@Grant` or `@Revoke` body runs in this process, from just
 * before the lock write until the body and what settles it have finished, late
 * ones (abandoned at the deadline) included.
 *
 * Why in process and not only in the store: JavaScript cannot stop a method that
 * ignores its AbortSignal, so a body abandoned at the deadline goes on after its
 * invocation answered, and after its store lock expired. The store lock then lets
 * a retry in; this fence keeps that retry from starting a second body of the same
 * grant_id beside it in the same instance. (Across instances, the settling write
 * is conditioned on the lock, and what still escapes is for reconcile.)
 *
 * @example
 * ```ts
 * const release = fence.enter(intent.grantId, 'grant-access', lock.expiresAtMs);   // throws GrantInProgressError when held
 * try { await runBody(); } finally { release(); }
 * ```
 */
export class BodyFence {
  private readonly held = new Map<string, { lockExpiresAtMs: number }>();

  /** True while a body of this grant_id runs (or settles) in this process. */
  isHeld(grantId: string): boolean {
    return this.held.has(grantId);
  }

  /**
   * Takes the fence of `grantId` and returns its release (idempotent).
   *
   * @throws GrantInProgressError (retryable) when a body of this grant_id runs in this process.
   */
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
