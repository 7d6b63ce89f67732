import type { Logger } from '../logging/logger';
import type { GrantRecord } from './types/grant-record';

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
export async function awaitMethod<T>(run: () => Promise<T>, deadline: MethodDeadline | undefined): Promise<AwaitedMethod<T>> {
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
export function waitAtMost(work: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref?.();
    work.then(
      () => { clearTimeout(timer); resolve(); },
      () => { clearTimeout(timer); resolve(); },
    );
  });
}
