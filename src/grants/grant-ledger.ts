import { InvalidAnswerError, LockNotReleasedError } from '../errors';
import { BodyFence, type MethodRunOptions, releaseOrReport, runLocked } from './method-run';
import { GrantLedgerDefaults, SECONDS_PER_DAY } from './constants';
import { decideGrant, decideRevoke, grantConflict, grantContended, grantInProgress, grantLockKept, grantRevoked, heldByOwnLock, messageOf, settledByOwnWrite, statusBeforeOwnLock, tracksGrant } from './grant-decisions';
import { assertLock, type GrantLock, type GrantStore, type GrantWriteResult, storeCall } from './grant-store';
import { FINISHED_FIELDS, grantedRecord, type GrantIntent, type GrantRecord, GrantStatus, hashGrantPayload, LOCK_FIELDS, lockFieldsOf, newRecord, transitioned } from './records';
import { boundErrorMessage } from './record-bounds';
import { type AbandonedGrantSteps, assertGrantId, assertTrackable, keepableData, runUndo, settleAbandonedGrant } from './grant-data';

/**
 * What a `@Grant` method may return: `data` (plain JSON) is kept in the record and handed to `@Revoke`.
 * @example const result: GrantMethodResult<{ membershipIds: string[] }> = { data: { membershipIds: ['m-1'] } };
 */
export interface GrantMethodResult<D = Record<string, unknown>> {
  data?: D;
}

/** How the ledger settled an event. @example const { replayed, record } = await ledger.grant(intent, lock, run); */
export interface GrantOutcome {
  /** The event had already been applied: the method was not run. */
  replayed: boolean;
  record: GrantRecord;
  /** A revoke-access named another payload than the recorded grant (which was revoked, with a note). */
  payloadDiffers?: boolean;
}

/** Options of {@link GrantLedger}. @example new GrantLedger(store, { revokedTtlDays: 30 }); */
export interface GrantLedgerOptions {
  /** Days a REVOKED record is kept (its `expiresAtEpochSec` TTL). Default 90. */
  revokedTtlDays?: number;
  /** The clock, in epoch ms (tests move it past lock expiry). */
  now?: () => number;
}

type GrantRun = () => Promise<GrantMethodResult | void | undefined>;
type RevokeRun = (record: GrantRecord | undefined) => Promise<void>;


/** A settling write that failed after its method succeeded: kept here until a later event writes it. */
interface UnsettledGrant {
  next: GrantRecord;
  locked: GrantRecord;
}

/**
 * DESIGN.md's grant state machine over a {@link GrantStore}: one record per grant_id, every
 * transition one conditional write of the whole record. See docs/grant-ledger.md#event-flow.
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
   * Settles a grant-access: runs `run` (`@Grant`) only when the grant_id is new, failed, or its grant died with its lock.
   * @throws InvalidEventError, GrantConflictError, GrantInProgressError, GrantRevokedError (method not run);
   *   DeadlineExceededError; the method's error, or a LockNotReleasedError standing for it; GrantStoreUnavailableError.
   * @example await ledger.grant(intent, lock, () => integration.grant(request), { deadline, undo });
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
        const locked = await this.lock(intent, payloadHash, current, GrantStatus.GRANTING, lock, nowMs);
        const mine = locked.applied ? locked.record : locked.current;
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
   * Settles a revoke-access: runs `run` (`@Revoke`) with the tracked record (undefined for an unknown grant_id)
   * and leaves a REVOKED record that refuses any later grant-access.
   * @throws GrantInProgressError (method not run); DeadlineExceededError; the method's error, or a
   *   LockNotReleasedError standing for it; GrantStoreUnavailableError.
   * @example await ledger.revoke(intent, lock, (record) => integration.revoke({ ...request, grant: record }), { deadline });
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
        let locked: GrantWriteResult;
        if (!known) {
          // Guess GRANTED, unread: the usual case, and a wrong guess returns the record anyway.
          locked = await storeCall(() => this.store.lockGranted(intent.grantId, lockFieldsOf(lock, nowMs),
            { from: GrantStatus.GRANTED, to: GrantStatus.REVOKING, atMs: nowMs, by: lock.owner }), `locking grant_id ${intent.grantId}`);
        } else {
          if (current !== undefined) {
            const decision = decideRevoke(current, nowMs);
            if (decision === 'replay') return { replayed: true, record: current };
            if (decision === 'in-progress') throw grantInProgress(current, 'revoke-access');
          }
          locked = await this.lock(intent, payloadHash, current, GrantStatus.REVOKING, lock, nowMs);
        }
        const mine = locked.applied ? locked.record : locked.current;
        if (mine !== undefined && (locked.applied || heldByOwnLock(mine, lock, GrantStatus.REVOKING))) {
          handedOver = true;
          return await this.runRevoke(mine, statusBeforeOwnLock(mine), payloadHash, lock, run, options, leave, unsettledData);
        }
        known = true;
        current = mine;
      }
      throw grantContended(intent.grantId, 'revoke-access');
    } finally {
      if (!handedOver) leave();
    }
  }

  /**
   * Reconcile's compensation: revokes access a REVOKED, FAILED or abandoned record says should be gone, leaving it REVOKED.
   * @returns undefined (nothing done) when the record is gone, GRANTED, live-locked, or changed since it was read.
   * @example await ledger.compensate('g-1', lock, (record) => integration.revoke({ ...fromRecord(record), grant: record }), { note: 'reconcile' });
   */
  async compensate(grantId: string, lock: GrantLock, run: RevokeRun, options: MethodRunOptions & { note: string }): Promise<GrantOutcome | undefined> {
    assertLock(lock);
    const leave = this.fence.enter(grantId, 'revoke-access', lock.expiresAtMs);
    let handedOver = false;
    try {
      const current = await storeCall(() => this.store.get(grantId), `reading grant_id ${grantId}`);
      const nowMs = this.now();
      const live = current?.lockExpiresAtMs !== undefined && current.lockExpiresAtMs > nowMs;
      if (current === undefined || current.status === GrantStatus.GRANTED || live) return undefined;
      const next = transitioned(current, { status: GrantStatus.REVOKING, ...lockFieldsOf(lock, nowMs) },
        { from: current.status, to: GrantStatus.REVOKING, atMs: nowMs, by: lock.owner, note: options.note });
      const locked = await this.put(next, current, 'locking');
      if (!locked.applied) return undefined;
      handedOver = true;
      return await this.runRevoke(locked.record, current.status, current.payloadHash, lock, run, options, leave, undefined);
    } finally {
      if (!handedOver) leave();
    }
  }

  /** The lock write: creates the record, or moves it as read (its version) to `to` under `lock`. */
  private lock(
    intent: GrantIntent, payloadHash: string, current: GrantRecord | undefined,
    to: typeof GrantStatus.GRANTING | typeof GrantStatus.REVOKING, lock: GrantLock, nowMs: number,
  ): Promise<GrantWriteResult> {
    if (current !== undefined) {
      const next = transitioned(current, { status: to, ...lockFieldsOf(lock, nowMs) }, { from: current.status, to, atMs: nowMs, by: lock.owner });
      return this.put(next, current, 'locking');
    }
    return storeCall(() => this.store.put(newRecord(intent, payloadHash, to, lock, nowMs), { absent: true }), `locking grant_id ${intent.grantId}`);
  }

  private runGrant(
    locked: GrantRecord, payloadHash: string, lock: GrantLock, run: GrantRun, options: MethodRunOptions, leave: () => void,
  ): Promise<GrantOutcome> {
    return runLocked({
      run,
      options,
      done: leave,
      release: (err) => this.release(locked, lock, GrantStatus.FAILED, err),
      settle: (value) => this.settleGrant(locked, payloadHash, lock, value, options),
      settleLate: (outcome, deadlineError) => settleAbandonedGrant(this.abandonedGrantSteps(), { locked, lock, outcome, options, deadlineError }),
    });
  }

  private async settleGrant(
    locked: GrantRecord, payloadHash: string, lock: GrantLock, value: GrantMethodResult | void | undefined, options: MethodRunOptions,
  ): Promise<GrantOutcome> {
    const rawData = (value as GrantMethodResult | undefined)?.data;
    const kept = keepableData(locked.grantId, rawData);
    if ('refused' in kept) {
      // The grant happened but cannot be tracked: take it back rather than leave untracked access.
      const undoError = await runUndo(options, { ...locked, data: rawData as Record<string, unknown> });
      const error = undoError === undefined ? kept.refused : new InvalidAnswerError(
        `${kept.refused.message} Undoing it through @Revoke failed too (${messageOf(undoError)}): the access may remain.`, { cause: undoError });
      throw await this.release(locked, lock, GrantStatus.FAILED, error);
    }
    const nowMs = this.now();
    const next = grantedRecord(locked, lock, nowMs, kept.data);
    let settle: { settled: GrantRecord } | { current: GrantRecord | undefined };
    try {
      settle = await this.settle(next, locked);
    } catch (err) {
      // The method succeeded: its data must reach the record (or the revoke). See docs/grant-ledger.md#store-failures.
      this.unsettled.set(locked.grantId, { next, locked });
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

  private runRevoke(
    locked: GrantRecord, from: GrantStatus | undefined, requestHash: string, lock: GrantLock, run: RevokeRun,
    options: MethodRunOptions, leave: () => void, unsettledData: Record<string, unknown> | undefined,
  ): Promise<GrantOutcome> {
    const restore = from ?? GrantStatus.REVOKING;
    // A copy: `@Revoke` may change what it is handed, and the settling write starts from `locked`.
    const granted = tracksGrant(locked) ? withFallbackData(structuredClone(locked), unsettledData) : undefined;
    return runLocked({
      run: () => run(granted),
      options,
      done: leave,
      release: (err) => this.release(locked, lock, restore, err),
      // Whatever an abandoned revoke did, it counts as not done: the record goes back, and a retry revokes again.
      settleLate: async (_outcome, deadlineError) => {
        const released = await this.release(locked, lock, restore, deadlineError);
        if (released instanceof LockNotReleasedError) options.logger?.error('releasing an abandoned revoke failed', { grant_id: locked.grantId, error_message: released.message });
      },
      settle: async () => {
        const nowMs = this.now();
        const note = locked.payloadHash === requestHash ? {} : { note: 'revoke-access payload differs from the recorded grant; the recorded grant was revoked' };
        const next = transitioned(locked,
          { status: GrantStatus.REVOKED, updatedAtMs: nowMs, expiresAtEpochSec: Math.floor(nowMs / 1000) + this.revokedTtlSec },
          { from: GrantStatus.REVOKING, to: GrantStatus.REVOKED, atMs: nowMs, by: lock.owner, ...note }, FINISHED_FIELDS);
        const settle = await this.settle(next, locked);
        if ('settled' in settle) return { replayed: false, record: settle.settled, ...(note.note === undefined || locked.tombstone === true ? {} : { payloadDiffers: true }) };
        const { current } = settle;
        // The lock expired while the method ran: another revoke took over (and may have finished).
        if (current?.status === GrantStatus.REVOKED) return { replayed: false, record: current };
        throw current === undefined ? grantContended(locked.grantId, 'revoke-access') : grantInProgress(current, 'revoke-access');
      },
    });
  }

  /** Writes a settling write that failed earlier here; returns its `data` when the record moved on without it. */
  private async flushUnsettled(grantId: string): Promise<Record<string, unknown> | undefined> {
    const pending = this.unsettled.get(grantId);
    if (pending === undefined) return undefined;
    const settle = await this.settle(pending.next, pending.locked);
    this.unsettled.delete(grantId);
    return 'settled' in settle ? undefined : pending.next.data;
  }

  /** The settling write, conditioned on the version our lock left; `settled` also when a resent copy applied first. */
  private async settle(next: GrantRecord, locked: GrantRecord): Promise<{ settled: GrantRecord } | { current: GrantRecord | undefined }> {
    const consequence = 'The method succeeded; this instance keeps its outcome and writes it with the next event for this grant_id. The request can be retried.';
    const finished = await storeCall(() => this.store.put(next, { version: locked.version ?? 0 }),
      `recording grant_id ${next.grantId} ${next.status}`, consequence);
    if (finished.applied) return { settled: finished.record };
    const { current } = finished;
    const entry = next.history[next.history.length - 1];
    return current !== undefined && entry !== undefined && settledByOwnWrite(current, entry) ? { settled: current } : { current };
  }

  private put(next: GrantRecord, current: GrantRecord, doing: string): Promise<GrantWriteResult> {
    return storeCall(() => this.store.put(next, { version: current.version ?? 0 }), `${doing} grant_id ${next.grantId}`);
  }

  /** Records the method's failure and releases the lock; returns the error to throw (see {@link releaseOrReport}). */
  private release(locked: GrantRecord, lock: GrantLock, to: GrantStatus, err: unknown, note?: string): Promise<unknown> {
    const nowMs = this.now();
    const error = boundErrorMessage(messageOf(err));
    const from = locked.status;
    const next = transitioned(locked, { status: to, updatedAtMs: nowMs, lastError: error },
      { from, to, atMs: nowMs, by: lock.owner, error, ...(note === undefined ? {} : { note }) }, LOCK_FIELDS);
    const event = from === GrantStatus.GRANTING ? 'grant-access' : 'revoke-access';
    return releaseOrReport(() => this.store.put(next, { version: locked.version ?? 0 }), err, lock.expiresAtMs,
      grantLockKept(locked.grantId, event, lock.expiresAtMs));
  }

  private abandonedGrantSteps(): AbandonedGrantSteps {
    return {
      now: this.now,
      get: (grantId) => storeCall(() => this.store.get(grantId), `reading grant_id ${grantId}`),
      put: (next, current) => this.put(next, current, 'noting on'),
      settle: (next, locked) => this.settle(next, locked),
      release: (locked, lock, err, note) => this.release(locked, lock, GrantStatus.FAILED, err, note),
    };
  }
}

/** The record as `@Revoke` gets it: with the data of its grant, kept in this instance when the store lost it. */
function withFallbackData(record: GrantRecord, data: Record<string, unknown> | undefined): GrantRecord {
  return record.data === undefined && data !== undefined ? { ...record, data } : record;
}
