import { IntegrationError } from '../errors';
import { GrantLedgerDefaults, SECONDS_PER_DAY } from './constants';
import { grantConflict, grantContended, grantInProgress, grantLockKept, grantRevoked } from './grant-error-messages';
import { assertLock, type GrantLock } from './grant-lock';
import { LockNotReleasedError } from './lock-not-released-error';
import type { GrantRecordFields, GrantStore, GrantWrite, GrantWriteCondition } from './grant-store';
import { hashGrantPayload } from './payload-hash';
import { boundedHistory, boundErrorMessage } from './record-bounds';
import {
  decideGrant, decideRevoke, heldByOwnLock, messageOf, settledByOwnWrite, statusBeforeOwnLock, toJsonData, tracksGrant,
} from './grant-decisions';
import { GrantStatus, type GrantIntent, type GrantRecord, type GrantTransition } from './types/grant-record';

export type { GrantLock } from './grant-lock';

/**
 * What a `@Grant` method may return: `data` (plain JSON) is kept in the record and handed to `@Revoke`.
 *
 * @example
 * ```ts
 * const result: GrantMethodResult<{ membershipIds: string[] }> = { data: { membershipIds: ['m-1'] } };
 * ```
 */
export interface GrantMethodResult<D = Record<string, unknown>> {
  data?: D;
}

/**
 * How the ledger settled an event.
 *
 * @example
 * ```ts
 * const { replayed, record } = await ledger.grant(intent, lock, run);
 * logger.info(replayed ? 'grant replayed' : 'granted', { status: record.status });
 * ```
 */
export interface GrantOutcome {
  /** True when the event had already been applied and the method was not run. */
  replayed: boolean;
  /** The record after the event. */
  record: GrantRecord;
}

/**
 * Options of {@link GrantLedger}.
 *
 * @example
 * ```ts
 * new GrantLedger(store, { revokedTtlDays: 30 });
 * ```
 */
export interface GrantLedgerOptions {
  /** Days a REVOKED record is kept (its `expiresAtEpochSec` TTL). Default 90. */
  revokedTtlDays?: number;
  /** The clock, in epoch ms (tests inject one to move past lock expiry). */
  now?: () => number;
}

const RELEASE_LOCK = ['lockOwner', 'lockExpiresAtMs'] as const;
const FINISH = ['lockOwner', 'lockExpiresAtMs', 'lastError'] as const;

/** A transition out of a locked status: it always has a `from`. */
type SettlingTransition = GrantTransition & { from: GrantStatus };

/**
 * The grant state machine of DESIGN.md ("Grant state tracking by grant_id"): one
 * record per grant_id, every transition one conditional write to the
 * {@link GrantStore}. It guarantees that one grant_id's method runs in at most one
 * invocation at a time, that a replay does nothing, and that nothing brings back
 * access once a revoke has started.
 *
 * Choices the table leaves open:
 * - Optimistic first writes: a grant first tries "create if absent" and a revoke
 *   "lock if GRANTED", so the usual paths cost 2 writes and no read; a failed
 *   condition returns the current record and the ledger decides again from it.
 * - A grant-access whose grant_id is REVOKING under a live lock gets
 *   `GrantInProgressError` (the more specific row); once that lock is gone it gets
 *   `GrantRevokedError`. A conflicting payload on a GRANTING/FAILED record is a
 *   `GrantConflictError` too.
 * - A revoke-access meeting a live GRANTING or REVOKING lock gets
 *   `GrantInProgressError`; once the lock expired, the revoke takes the record over
 *   (so a grant that died mid-way can still be revoked).
 * - A revoke-access whose payload differs from the record is not refused: the
 *   grant_id decides, the recorded grant is revoked and the REVOKED transition
 *   carries a `note`.
 * - When `@Revoke` throws, the record goes back to the status it had before the
 *   lock, lock released. A revoke of an unknown grant_id stays REVOKING (unlocked):
 *   a grant is still refused, and a retried revoke runs `@Revoke` again.
 * - A lock write refused because the record is already locked by this invocation
 *   (the SDK resent a write that was applied but whose response was lost) counts as
 *   taken: the method runs once and the event settles, instead of the invocation
 *   refusing itself with `GrantInProgressError` until its own lock expires.
 * - A settling write (GRANTED, REVOKED) refused although the record shows that very
 *   write applied and the lock released (the SDK resent it after a lost response)
 *   counts as applied: the event succeeded, and answering an error would make Apono
 *   retry an event that is already settled.
 * - If releasing the lock after a failed method fails too, the lock stays until it
 *   expires, so the caller gets a {@link LockNotReleasedError} standing for the
 *   method's error (same name, `retryable`, `cause`) that says so, as the
 *   credential ledger does.
 * - When a write fails after the method succeeded (store down), the store error is
 *   thrown and the record keeps its lock until it expires; a retry then re-locks
 *   and runs the method again, which must be idempotent (the framework's contract).
 * - REVOKED records and tombstones expire after `revokedTtlDays`; after that a
 *   grant-access with the same grant_id would be treated as new.
 * - Records stay small (`RecordLimits`), or a record reaching DynamoDB's
 *   400 KB item limit could never be revoked: stored error messages are cut, and
 *   the writes that settle an event (conditioned on this invocation's lock, so the
 *   record is exactly the one its lock write returned) replace the history with a
 *   trimmed copy plus the new entry. Lock writes only append, so a record holds at
 *   most `maxHistoryEntries + 1` entries (plus one per invocation that died holding
 *   the lock, until the next settled event).
 *
 * @example
 * ```ts
 * const ledger = new GrantLedger(new MemoryGrantStore());
 * const lock = { owner: context.awsRequestId, expiresAtMs: Date.now() + context.getRemainingTimeInMillis() };
 * const { replayed, record } = await ledger.grant(intent, lock, async () => ({ data: { membershipId: 'm-1' } }));
 * await ledger.revoke(intent, lock, async (granted) => portal.remove(granted?.data?.membershipId));
 * ```
 */
export class GrantLedger {
  private readonly now: () => number;
  private readonly revokedTtlSec: number;

  constructor(
    private readonly store: GrantStore,
    options: GrantLedgerOptions = {},
  ) {
    const days = options.revokedTtlDays ?? GrantLedgerDefaults.revokedTtlDays;
    if (!Number.isFinite(days) || days <= 0) throw new RangeError('revokedTtlDays must be a positive number');
    this.revokedTtlSec = Math.round(days * SECONDS_PER_DAY);
    this.now = options.now ?? Date.now;
  }

  /**
   * Settles a grant-access: runs `run` (the `@Grant` method) only when the grant_id
   * is new, or failed, or its previous grant died with its lock.
   *
   * @throws GrantConflictError, GrantInProgressError, GrantRevokedError (method not run);
   *   the method's own error, unchanged, or, when releasing the lock after it failed too,
   *   a LockNotReleasedError standing for it; a store error.
   * @example
   * ```ts
   * await ledger.grant(intent, lock, () => integration.grant(request));
   * ```
   */
  async grant(
    intent: GrantIntent,
    lock: GrantLock,
    run: () => Promise<GrantMethodResult | void | undefined>,
  ): Promise<GrantOutcome> {
    assertLock(lock);
    const payloadHash = hashGrantPayload(intent);
    let current: GrantRecord | undefined;
    for (let attempt = 0; attempt < GrantLedgerDefaults.maxWriteAttempts; attempt++) {
      const nowMs = this.now();
      let when: GrantWriteCondition = { absent: true };
      if (current !== undefined) {
        switch (decideGrant(current, payloadHash, nowMs)) {
          case 'revoked': throw grantRevoked(current);
          case 'conflict': throw grantConflict(current);
          case 'in-progress': throw grantInProgress(current, 'grant-access');
          case 'replay': return { replayed: true, record: current };
          case 'relock':
            when = current.status === GrantStatus.GRANTING
              ? { status: [GrantStatus.GRANTING], payloadHash, lockExpiresAtOrBeforeMs: nowMs }
              : { status: [current.status], payloadHash };
        }
      }
      const locked = await this.store.transition(
        intent.grantId,
        this.lockWrite(intent, payloadHash, current?.status, GrantStatus.GRANTING, when, lock, nowMs),
      );
      if (locked.applied) return this.runGrant(locked.record, payloadHash, lock, run);
      current = locked.current;
      // Our own lock, met by our write resent after a lost response: it is taken.
      if (current !== undefined && heldByOwnLock(current, lock, GrantStatus.GRANTING)) return this.runGrant(current, payloadHash, lock, run);
    }
    throw grantContended(intent.grantId, 'grant-access');
  }

  /**
   * Settles a revoke-access: runs `run` (the `@Revoke` method) with the tracked
   * record, or with `undefined` when the grant_id was never granted through this
   * ledger, and leaves a REVOKED record that refuses any later grant-access.
   *
   * @throws GrantInProgressError (method not run); the method's own error, unchanged (or a
   *   LockNotReleasedError standing for it, as for grants); a store error.
   * @example
   * ```ts
   * await ledger.revoke(intent, lock, (record) => integration.revoke({ ...request, grant: record }));
   * ```
   */
  async revoke(
    intent: GrantIntent,
    lock: GrantLock,
    run: (record: GrantRecord | undefined) => Promise<void>,
  ): Promise<GrantOutcome> {
    assertLock(lock);
    const payloadHash = hashGrantPayload(intent);
    let known = false;
    let current: GrantRecord | undefined;
    for (let attempt = 0; attempt < GrantLedgerDefaults.maxWriteAttempts; attempt++) {
      const nowMs = this.now();
      // Why guess GRANTED first: it is the usual case, and a wrong guess returns the record anyway.
      let from: GrantStatus | undefined = GrantStatus.GRANTED;
      let when: GrantWriteCondition = { status: [GrantStatus.GRANTED] };
      if (known && current === undefined) {
        from = undefined;
        when = { absent: true };
      } else if (current !== undefined) {
        const decision = decideRevoke(current, nowMs);
        if (decision === 'replay') return { replayed: true, record: current };
        if (decision === 'in-progress') throw grantInProgress(current, 'revoke-access');
        from = current.status;
        when = decision === 'take-over'
          ? { status: [current.status], lockExpiresAtOrBeforeMs: nowMs }
          : { status: [current.status] };
      }
      const locked = await this.store.transition(
        intent.grantId,
        this.lockWrite(intent, payloadHash, from, GrantStatus.REVOKING, when, lock, nowMs),
      );
      if (locked.applied) return this.runRevoke(locked.record, from, payloadHash, lock, run);
      known = true;
      current = locked.current;
      // Our own lock, met by our write resent after a lost response. `from` comes from the record: on a
      // server that ignores ALL_OLD, this attempt may be a later guess than the write that was applied.
      if (current !== undefined && heldByOwnLock(current, lock, GrantStatus.REVOKING)) {
        return this.runRevoke(current, statusBeforeOwnLock(current), payloadHash, lock, run);
      }
    }
    throw grantContended(intent.grantId, 'revoke-access');
  }

  private lockWrite(
    intent: GrantIntent,
    payloadHash: string,
    from: GrantStatus | undefined,
    to: typeof GrantStatus.GRANTING | typeof GrantStatus.REVOKING,
    when: GrantWriteCondition,
    lock: GrantLock,
    nowMs: number,
  ): GrantWrite {
    const set: GrantRecordFields = { status: to, lockOwner: lock.owner, lockExpiresAtMs: lock.expiresAtMs, updatedAtMs: nowMs };
    if ('absent' in when) {
      Object.assign(set, {
        username: intent.username,
        resourceType: intent.resourceType,
        resources: [...intent.resources],
        permission: intent.permission,
        payloadHash,
        createdAtMs: nowMs,
      });
    }
    return { when, set, appendHistory: { from, to, atMs: nowMs, by: lock.owner } };
  }

  private async runGrant(
    locked: GrantRecord,
    payloadHash: string,
    lock: GrantLock,
    run: () => Promise<GrantMethodResult | void | undefined>,
  ): Promise<GrantOutcome> {
    // The lock write returned the record as stored, and the next write is conditioned on the lock: trimming it is exact.
    const keptHistory = boundedHistory(locked.history);
    let data: Record<string, unknown> | undefined;
    try {
      const result = (await run()) as GrantMethodResult | undefined;
      data = this.grantData(locked.grantId, result);
    } catch (err) {
      throw await this.releaseAfterFailure(locked.grantId, keptHistory, lock, GrantStatus.GRANTING, GrantStatus.FAILED, err);
    }
    const nowMs = this.now();
    const granted: SettlingTransition = { from: GrantStatus.GRANTING, to: GrantStatus.GRANTED, atMs: nowMs, by: lock.owner };
    const settle = await this.settle(locked.grantId, lock, keptHistory, granted,
      data === undefined ? { status: GrantStatus.GRANTED, updatedAtMs: nowMs } : { status: GrantStatus.GRANTED, updatedAtMs: nowMs, data });
    if ('settled' in settle) return { replayed: false, record: settle.settled };
    const { current } = settle;
    // The lock expired while the method ran and another invocation took the record over.
    if (current === undefined) throw grantContended(locked.grantId, 'grant-access');
    switch (decideGrant(current, payloadHash, nowMs)) {
      case 'replay': return { replayed: false, record: current };
      case 'revoked': throw grantRevoked(current);
      case 'conflict': throw grantConflict(current);
      default: throw grantInProgress(current, 'grant-access');
    }
  }

  private grantData(grantId: string, result: GrantMethodResult | undefined): Record<string, unknown> | undefined {
    try {
      return toJsonData(result?.data);
    } catch (cause) {
      throw new IntegrationError(
        `the @Grant method for grant_id ${grantId} returned data that cannot be kept as JSON (${messageOf(cause)}); ` +
          'return plain JSON (ids, strings, numbers) in { data }.',
        { cause },
      );
    }
  }

  private async runRevoke(
    locked: GrantRecord,
    from: GrantStatus | undefined,
    requestHash: string,
    lock: GrantLock,
    run: (record: GrantRecord | undefined) => Promise<void>,
  ): Promise<GrantOutcome> {
    const payloadDiffers = locked.payloadHash !== requestHash;
    // Taken before `@Revoke` gets the record, which it could change.
    const keptHistory = boundedHistory(locked.history);
    try {
      await run(tracksGrant(locked) ? locked : undefined);
    } catch (err) {
      throw await this.releaseAfterFailure(locked.grantId, keptHistory, lock, GrantStatus.REVOKING, from ?? GrantStatus.REVOKING, err);
    }
    const nowMs = this.now();
    const revoked: SettlingTransition = {
      from: GrantStatus.REVOKING,
      to: GrantStatus.REVOKED,
      atMs: nowMs,
      by: lock.owner,
      ...(payloadDiffers ? { note: 'revoke-access payload differs from the recorded grant; the recorded grant was revoked' } : {}),
    };
    const settle = await this.settle(locked.grantId, lock, keptHistory, revoked,
      { status: GrantStatus.REVOKED, updatedAtMs: nowMs, expiresAtEpochSec: Math.floor(nowMs / 1000) + this.revokedTtlSec });
    if ('settled' in settle) return { replayed: false, record: settle.settled };
    const { current } = settle;
    // The lock expired while the method ran: another revoke took over (and may have finished).
    if (current?.status === GrantStatus.REVOKED) return { replayed: false, record: current };
    throw current === undefined ? grantContended(locked.grantId, 'revoke-access') : grantInProgress(current, 'revoke-access');
  }

  /**
   * The write that settles an event (GRANTING → GRANTED, REVOKING → REVOKED),
   * conditioned on our lock. `settled` when it applied — now, or earlier by a copy
   * the SDK resent after a lost response; otherwise the record as it now is.
   */
  private async settle(
    grantId: string,
    lock: GrantLock,
    keptHistory: GrantTransition[],
    transition: SettlingTransition,
    set: GrantRecordFields,
  ): Promise<{ settled: GrantRecord } | { current: GrantRecord | undefined }> {
    const finished = await this.store.transition(grantId, {
      when: { status: [transition.from], lockOwner: lock.owner },
      set,
      remove: FINISH,
      keptHistory,
      appendHistory: transition,
    });
    if (finished.applied) return { settled: finished.record };
    const current = await this.afterRefusedSettle(grantId, finished.current);
    return current !== undefined && settledByOwnWrite(current, transition) ? { settled: current } : { current };
  }

  /**
   * The record after a refused settling write. A server that ignores ALL_OLD
   * returns none with the refusal: one read then tells whether our own write was
   * applied (a rare path, so the usual one stays at 2 writes and no read).
   */
  private async afterRefusedSettle(grantId: string, current: GrantRecord | undefined): Promise<GrantRecord | undefined> {
    return current ?? (await this.store.get(grantId));
  }

  /**
   * Records the method's failure, releases the lock, and returns the error to
   * throw: the method's own, or, when the release failed too, a
   * {@link LockNotReleasedError} standing for it. Swallowing the store error would
   * leave every retry refused with GrantInProgressError until the lock expires,
   * with nothing saying why. A refused release (the lock expired and was taken
   * over, or a resent release found it already done) has nothing left to release.
   */
  private async releaseAfterFailure(
    grantId: string,
    keptHistory: GrantTransition[],
    lock: GrantLock,
    from: GrantStatus,
    to: GrantStatus,
    err: unknown,
  ): Promise<unknown> {
    const nowMs = this.now();
    const error = boundErrorMessage(messageOf(err));
    try {
      await this.store.transition(grantId, {
        when: { status: [from], lockOwner: lock.owner },
        set: { status: to, updatedAtMs: nowMs, lastError: error },
        remove: RELEASE_LOCK,
        keptHistory,
        appendHistory: { from, to, atMs: nowMs, by: lock.owner, error },
      });
      return err;
    } catch (releaseError) {
      const event = from === GrantStatus.GRANTING ? 'grant-access' : 'revoke-access';
      return new LockNotReleasedError(err, releaseError, lock.expiresAtMs, grantLockKept(grantId, event, lock.expiresAtMs));
    }
  }
}
