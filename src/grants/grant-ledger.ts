import { InvalidAnswerError, InvalidEventError } from '../errors';
import { BodyFence } from './body-fence';
import { GrantLedgerDefaults, RecordLimits, SECONDS_PER_DAY } from './constants';
import { grantConflict, grantContended, grantInProgress, grantLockKept, grantRevoked } from './grant-error-messages';
import { assertLock, type GrantLock } from './grant-lock';
import { LockNotReleasedError } from './lock-not-released-error';
import type { GrantRecordFields, GrantStore, GrantWrite, GrantWriteCondition, GrantWriteResult } from './grant-store';
import { awaitMethod, waitAtMost, type MethodOutcome, type MethodRunOptions } from './method-run';
import { hashGrantPayload } from './payload-hash';
import { boundedHistory, boundErrorMessage, payloadBytes } from './record-bounds';
import { storeCall } from './store-errors';
import {
  decideGrant, decideRevoke, heldByOwnLock, messageOf, settledByOwnWrite, statusBeforeOwnLock, tracksGrant,
} from './grant-decisions';
import { settleAbandonedGrant } from './abandoned-grant';
import { keepableData, runUndo } from './grant-data';
import { GrantStatus, type GrantIntent, type GrantRecord, type GrantTransition } from './types/grant-record';

export type { GrantLock } from './grant-lock';
export type { MethodRunOptions } from './method-run';

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

type GrantRun = () => Promise<GrantMethodResult | void | undefined>;
type RevokeRun = (record: GrantRecord | undefined) => Promise<void>;

const RELEASE_LOCK = ['lockOwner', 'lockExpiresAtMs'] as const;
const FINISH = ['lockOwner', 'lockExpiresAtMs', 'lastError'] as const;

/** A transition out of a locked status: it always has a `from`. */
export type SettlingTransition = GrantTransition & { from: GrantStatus };

/** A settling write that failed after its method succeeded: kept here until a later event writes it. */
interface UnsettledGrant {
  lock: GrantLock;
  keptHistory: GrantTransition[];
  transition: SettlingTransition;
  set: GrantRecordFields;
}

/**
 * The grant state machine of DESIGN.md ("Grant state tracking by grant_id"): one
 * record per grant_id, every transition one conditional write to the
 * {@link GrantStore}. One grant_id's method runs in at most one invocation at a
 * time (the store lock) and never twice at once in one process (the fence, which
 * also holds a method abandoned at its deadline until it ends); a replay does
 * nothing; nothing brings access back once a revoke has started; and every record
 * stays within `RecordLimits`, so it can always be revoked. The README's "Grant
 * ledger" section gives the choices the table leaves open.
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
  private readonly fence = new BodyFence();
  private readonly unsettled = new Map<string, UnsettledGrant>();

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
   * @throws InvalidEventError (a payload too large to track; nothing written), GrantConflictError,
   *   GrantInProgressError, GrantRevokedError (method not run); DeadlineExceededError; the method's
   *   own error, unchanged, or a LockNotReleasedError standing for it; GrantStoreUnavailableError.
   * @example
   * ```ts
   * await ledger.grant(intent, lock, () => integration.grant(request), { deadline, undo });
   * ```
   */
  async grant(intent: GrantIntent, lock: GrantLock, run: GrantRun, options: MethodRunOptions = {}): Promise<GrantOutcome> {
    assertLock(lock);
    assertTrackable(intent);
    const payloadHash = hashGrantPayload(intent);
    const leave = this.fence.enter(intent.grantId, 'grant-access', lock.expiresAtMs);
    let handedOver = false;
    try {
      await this.flushUnsettled(intent.grantId);
      let current: GrantRecord | undefined;
      for (let attempt = 0; attempt < GrantLedgerDefaults.maxWriteAttempts; attempt++) {
        const nowMs = this.now();
        if (current !== undefined) {
          switch (decideGrant(current, payloadHash, nowMs)) {
            case 'revoked': throw grantRevoked(current);
            case 'conflict': throw grantConflict(current);
            case 'in-progress': throw grantInProgress(current, 'grant-access');
            case 'replay': return { replayed: true, record: current };
            case 'relock': break;
          }
        }
        const locked = await this.write(intent.grantId, this.lockWrite(intent, payloadHash, current, GrantStatus.GRANTING, lock, nowMs), 'locking');
        const mine = locked.applied ? locked.record : locked.current;
        // Applied, or our own lock met by our write resent after a lost response: it is taken.
        if (mine !== undefined && (locked.applied || heldByOwnLock(mine, lock, GrantStatus.GRANTING))) {
          handedOver = true;
          return await this.runGrant(mine, payloadHash, lock, run, options, leave);
        }
        current = mine;
      }
      throw grantContended(intent.grantId, 'grant-access');
    } finally {
      if (!handedOver) leave();
    }
  }

  /**
   * Settles a revoke-access: runs `run` (the `@Revoke` method) with the tracked
   * record, or with `undefined` when the grant_id was never granted through this
   * ledger, and leaves a REVOKED record that refuses any later grant-access.
   *
   * @throws GrantInProgressError (method not run); DeadlineExceededError; the method's own error,
   *   unchanged (or a LockNotReleasedError standing for it, as for grants); GrantStoreUnavailableError.
   * @example
   * ```ts
   * await ledger.revoke(intent, lock, (record) => integration.revoke({ ...request, grant: record }), { deadline });
   * ```
   */
  async revoke(intent: GrantIntent, lock: GrantLock, run: RevokeRun, options: MethodRunOptions = {}): Promise<GrantOutcome> {
    assertLock(lock);
    assertGrantId(intent.grantId);
    const payloadHash = hashGrantPayload(intent);
    const leave = this.fence.enter(intent.grantId, 'revoke-access', lock.expiresAtMs);
    let handedOver = false;
    try {
      const unsettledData = await this.flushUnsettled(intent.grantId);
      let known = false;
      let current: GrantRecord | undefined;
      for (let attempt = 0; attempt < GrantLedgerDefaults.maxWriteAttempts; attempt++) {
        const nowMs = this.now();
        // Why guess GRANTED first: it is the usual case, and a wrong guess returns the record anyway.
        let from: GrantStatus | undefined = GrantStatus.GRANTED;
        let write: GrantWrite;
        if (known && current === undefined) {
          from = undefined;
          write = this.lockWrite(intent, payloadHash, undefined, GrantStatus.REVOKING, lock, nowMs);
        } else if (current !== undefined) {
          const decision = decideRevoke(current, nowMs);
          if (decision === 'replay') return { replayed: true, record: current };
          if (decision === 'in-progress') throw grantInProgress(current, 'revoke-access');
          from = current.status;
          write = this.lockWrite(intent, payloadHash, current, GrantStatus.REVOKING, lock, nowMs);
        } else {
          // Unread, so it appends: the record holds one history entry over the cap until the revoke settles.
          write = { when: { status: [GrantStatus.GRANTED] }, set: lockFields(lock, GrantStatus.REVOKING, nowMs), appendHistory: { from, to: GrantStatus.REVOKING, atMs: nowMs, by: lock.owner } };
        }
        const locked = await this.write(intent.grantId, write, 'locking');
        if (locked.applied) {
          handedOver = true;
          return await this.runRevoke(locked.record, from, payloadHash, lock, run, options, leave, unsettledData);
        }
        known = true;
        current = locked.current;
        // Our own lock, met by our write resent after a lost response. `from` comes from the record: on a
        // server that ignores ALL_OLD, this attempt may be a later guess than the write that was applied.
        if (current !== undefined && heldByOwnLock(current, lock, GrantStatus.REVOKING)) {
          handedOver = true;
          return await this.runRevoke(current, statusBeforeOwnLock(current), payloadHash, lock, run, options, leave, unsettledData);
        }
      }
      throw grantContended(intent.grantId, 'revoke-access');
    } finally {
      if (!handedOver) leave();
    }
  }

  /**
   * The lock write: creates the record (`current` undefined: "if absent"), or
   * moves the record exactly as read (conditioned on its version, so the history
   * can be trimmed in the same write) to `to` under `lock`.
   */
  private lockWrite(
    intent: GrantIntent,
    payloadHash: string,
    current: GrantRecord | undefined,
    to: typeof GrantStatus.GRANTING | typeof GrantStatus.REVOKING,
    lock: GrantLock,
    nowMs: number,
  ): GrantWrite {
    const set = lockFields(lock, to, nowMs);
    if (current !== undefined) {
      return {
        when: { status: [current.status], version: current.version ?? 0 },
        set,
        keptHistory: boundedHistory(current.history),
        appendHistory: { from: current.status, to, atMs: nowMs, by: lock.owner },
      };
    }
    // A tombstone keeps what it can: a payload too large to track is still revoked, its resources not kept.
    const fits = payloadBytes(intent) <= RecordLimits.maxPayloadBytes;
    Object.assign(set, {
      username: fits ? intent.username : '',
      resourceType: intent.resourceType.slice(0, 256),
      resources: fits ? [...intent.resources] : [],
      permission: fits ? intent.permission : '',
      payloadHash,
      createdAtMs: nowMs,
      ...(to === GrantStatus.REVOKING ? { tombstone: true } : {}),
    });
    const note = fits ? {} : { note: 'payload over RecordLimits.maxPayloadBytes: username, resources and permission not kept' };
    return { when: { absent: true }, set, appendHistory: { to, atMs: nowMs, by: lock.owner, ...note } };
  }

  private async runGrant(
    locked: GrantRecord, payloadHash: string, lock: GrantLock, run: GrantRun, options: MethodRunOptions, leave: () => void,
  ): Promise<GrantOutcome> {
    let leaveNow = true;
    try {
      // The lock write returned the record as stored, and the next write is conditioned on the lock: trimming it is exact.
      const keptHistory = boundedHistory(locked.history);
      const tooLate = options.deadline?.tooLateToStart();
      if (tooLate !== undefined) throw await this.releaseAfterFailure(locked.grantId, keptHistory, lock, GrantStatus.GRANTING, GrantStatus.FAILED, tooLate);
      const awaited = await awaitMethod(run, options.deadline);
      if ('abandoned' in awaited) {
        leaveNow = false;
        const settling = awaited.late
          .then((outcome) => settleAbandonedGrant(this.abandonedGrantSteps(), { locked, keptHistory, lock, outcome, options, deadlineError: awaited.abandoned }))
          .catch((err: unknown) => options.logger?.error('settling a @Grant method that outlived its deadline failed', { grant_id: locked.grantId, error_message: messageOf(err) }))
          .finally(leave);
        options.holdOpen?.(settling);
        await waitAtMost(settling, options.deadline?.graceMs ?? 0);
        throw awaited.abandoned;
      }
      const { outcome } = awaited;
      if (!outcome.ok) throw await this.releaseAfterFailure(locked.grantId, keptHistory, lock, GrantStatus.GRANTING, GrantStatus.FAILED, outcome.error);
      return await this.settleGrant(locked, payloadHash, keptHistory, lock, outcome, options);
    } finally {
      if (leaveNow) leave();
    }
  }

  private async settleGrant(
    locked: GrantRecord, payloadHash: string, keptHistory: GrantTransition[], lock: GrantLock,
    outcome: MethodOutcome<GrantMethodResult | void | undefined> & { ok: true }, options: MethodRunOptions,
  ): Promise<GrantOutcome> {
    const rawData = (outcome.value as GrantMethodResult | undefined)?.data;
    const kept = keepableData(locked.grantId, rawData);
    if ('refused' in kept) {
      // The grant happened but cannot be tracked: take it back rather than leave untracked access.
      const undoError = await runUndo(options, { ...locked, data: rawData as Record<string, unknown> });
      const error = undoError === undefined ? kept.refused : new InvalidAnswerError(
        `${kept.refused.message} Undoing it through @Revoke failed too (${messageOf(undoError)}): the access may remain.`, { cause: undoError });
      throw await this.releaseAfterFailure(locked.grantId, keptHistory, lock, GrantStatus.GRANTING, GrantStatus.FAILED, error);
    }
    const nowMs = this.now();
    const granted: SettlingTransition = { from: GrantStatus.GRANTING, to: GrantStatus.GRANTED, atMs: nowMs, by: lock.owner };
    const set: GrantRecordFields = kept.data === undefined ? { status: GrantStatus.GRANTED, updatedAtMs: nowMs } : { status: GrantStatus.GRANTED, updatedAtMs: nowMs, data: kept.data };
    let settle: Awaited<ReturnType<GrantLedger['settle']>>;
    try {
      settle = await this.settle(locked.grantId, lock, keptHistory, granted, set);
    } catch (err) {
      // The method succeeded: its data must reach the record (or the revoke) whatever the store does now.
      this.unsettled.set(locked.grantId, { lock, keptHistory, transition: granted, set });
      throw err;
    }
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

  private async runRevoke(
    locked: GrantRecord, from: GrantStatus | undefined, requestHash: string, lock: GrantLock, run: RevokeRun,
    options: MethodRunOptions, leave: () => void, unsettledData: Record<string, unknown> | undefined,
  ): Promise<GrantOutcome> {
    let leaveNow = true;
    try {
      const payloadDiffers = locked.payloadHash !== requestHash;
      // Taken before `@Revoke` gets the record, which it could change.
      const keptHistory = boundedHistory(locked.history);
      const restore = from ?? GrantStatus.REVOKING;
      const tooLate = options.deadline?.tooLateToStart();
      if (tooLate !== undefined) throw await this.releaseAfterFailure(locked.grantId, keptHistory, lock, GrantStatus.REVOKING, restore, tooLate);
      const granted = tracksGrant(locked) ? withFallbackData(locked, unsettledData) : undefined;
      const awaited = await awaitMethod(() => run(granted), options.deadline);
      if ('abandoned' in awaited) {
        // Whatever it did, it is treated as not done: the record goes back, and a retry revokes again.
        leaveNow = false;
        const settling = awaited.late
          .then(() => this.releaseAfterFailure(locked.grantId, keptHistory, lock, GrantStatus.REVOKING, restore, awaited.abandoned))
          .then((err) => { if (err instanceof LockNotReleasedError) options.logger?.error('releasing an abandoned revoke failed', { grant_id: locked.grantId, error_message: err.message }); })
          .finally(leave);
        options.holdOpen?.(settling);
        await waitAtMost(settling, options.deadline?.graceMs ?? 0);
        throw awaited.abandoned;
      }
      if (!awaited.outcome.ok) throw await this.releaseAfterFailure(locked.grantId, keptHistory, lock, GrantStatus.REVOKING, restore, awaited.outcome.error);
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
    } finally {
      if (leaveNow) leave();
    }
  }

  /**
   * Writes a grant's settling write that failed earlier in this process, before
   * anything else happens to the grant_id. Returns the grant's `data` when the
   * record has meanwhile moved on without it (another instance took it over), so
   * that a revoke still gets it.
   */
  private async flushUnsettled(grantId: string): Promise<Record<string, unknown> | undefined> {
    const pending = this.unsettled.get(grantId);
    if (pending === undefined) return undefined;
    const settle = await this.settle(grantId, pending.lock, pending.keptHistory, pending.transition, pending.set);
    this.unsettled.delete(grantId);
    return 'settled' in settle ? undefined : pending.set.data;
  }

  /**
   * The write that settles an event (GRANTING → GRANTED, REVOKING → REVOKED),
   * conditioned on our lock. `settled` when it applied — now, or earlier by a copy
   * the SDK resent after a lost response; otherwise the record as it now is.
   */
  private async settle(
    grantId: string, lock: GrantLock, keptHistory: GrantTransition[], transition: SettlingTransition, set: GrantRecordFields,
  ): Promise<{ settled: GrantRecord } | { current: GrantRecord | undefined }> {
    const consequence = 'The method succeeded; this instance keeps its outcome and writes it with the next event for this grant_id. The request can be retried.';
    const finished = await storeCall(() => this.store.transition(grantId, {
      when: { status: [transition.from], lockOwner: lock.owner },
      set,
      remove: FINISH,
      keptHistory,
      appendHistory: transition,
    }), `recording grant_id ${grantId} ${transition.to}`, consequence);
    if (finished.applied) return { settled: finished.record };
    // A server that ignores ALL_OLD returns no record with the refusal: one read tells whether our own write was applied.
    const current = finished.current ?? (await storeCall(() => this.store.get(grantId), `reading grant_id ${grantId}`, consequence));
    return current !== undefined && settledByOwnWrite(current, transition) ? { settled: current } : { current };
  }

  private write(grantId: string, write: GrantWrite, doing: string): Promise<GrantWriteResult> {
    return storeCall(() => this.store.transition(grantId, write), `${doing} grant_id ${grantId}`);
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
    grantId: string, keptHistory: GrantTransition[], lock: GrantLock, from: GrantStatus, to: GrantStatus, err: unknown, note?: string,
  ): Promise<unknown> {
    const nowMs = this.now();
    const error = boundErrorMessage(messageOf(err));
    try {
      await this.store.transition(grantId, {
        when: { status: [from], lockOwner: lock.owner },
        set: { status: to, updatedAtMs: nowMs, lastError: error },
        remove: RELEASE_LOCK,
        keptHistory,
        appendHistory: { from, to, atMs: nowMs, by: lock.owner, error, ...(note === undefined ? {} : { note }) },
      });
      return err;
    } catch (releaseError) {
      const event = from === GrantStatus.GRANTING ? 'grant-access' : 'revoke-access';
      return new LockNotReleasedError(err, releaseError, lock.expiresAtMs, grantLockKept(grantId, event, lock.expiresAtMs));
    }
  }

  /** What settling an abandoned grant may do to the record, as plain steps (see abandoned-grant.ts). */
  private abandonedGrantSteps() {
    return {
      now: this.now,
      get: (grantId: string) => storeCall(() => this.store.get(grantId), `reading grant_id ${grantId}`),
      write: (grantId: string, write: GrantWrite) => this.write(grantId, write, 'noting on'),
      settle: (grantId: string, lock: GrantLock, kept: GrantTransition[], transition: SettlingTransition, set: GrantRecordFields) =>
        this.settle(grantId, lock, kept, transition, set),
      release: (grantId: string, kept: GrantTransition[], lock: GrantLock, err: unknown, note: string) =>
        this.releaseAfterFailure(grantId, kept, lock, GrantStatus.GRANTING, GrantStatus.FAILED, err, note),
    };
  }
}

/** The fields every lock write sets. */
function lockFields(lock: GrantLock, to: GrantStatus, nowMs: number): GrantRecordFields {
  return { status: to, lockOwner: lock.owner, lockExpiresAtMs: lock.expiresAtMs, updatedAtMs: nowMs };
}

/** Refuses a grant_id longer than a record key may be (the request reader checks it first). */
function assertGrantId(grantId: string): void {
  const bytes = Buffer.byteLength(grantId, 'utf8');
  if (bytes > RecordLimits.maxGrantIdBytes) {
    throw new InvalidEventError(`params.grant_id must be at most ${RecordLimits.maxGrantIdBytes} bytes (UTF-8); it has ${bytes}`);
  }
}

/** Refuses, before anything is written or run, a grant whose payload its record could not keep. */
function assertTrackable(intent: GrantIntent): void {
  assertGrantId(intent.grantId);
  const bytes = payloadBytes(intent);
  if (bytes > RecordLimits.maxPayloadBytes) {
    throw new InvalidEventError(
      `params: username, resource_type, resources and permission of grant_id ${intent.grantId} take ${bytes} bytes, ` +
        `over the ${RecordLimits.maxPayloadBytes} bytes a grant record can keep (RecordLimits.maxPayloadBytes), ` +
        'so the grant was refused before its method ran: access the ledger cannot track could never be revoked exactly.',
    );
  }
}

/** The record as `@Revoke` gets it: with the data of its grant, kept in this instance when the store lost it. */
function withFallbackData(record: GrantRecord, data: Record<string, unknown> | undefined): GrantRecord {
  return record.data === undefined && data !== undefined ? { ...record, data } : record;
}
