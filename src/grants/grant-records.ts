import type { GrantLock } from './grant-lock';
import { RecordLimits } from './constants';
import { boundedHistory, payloadBytes } from './record-bounds';
import { GrantStatus, type GrantIntent, type GrantRecord, type GrantTransition } from './types/grant-record';

/*
 * The grant records the ledger writes: every write replaces the whole record, so
 * each is built here from the record it replaces (pure functions).
 */

/** The fields a lock holds, removed when it is released. */
export const LOCK_FIELDS = ['lockOwner', 'lockExpiresAtMs'] as const;
/** The fields a settled event removes: the lock and the error of an earlier attempt. */
export const FINISHED_FIELDS = ['lockOwner', 'lockExpiresAtMs', 'lastError'] as const;

/**
 * The lock's fields, as a write sets them.
 *
 * @example
 * ```ts
 * lockFieldsOf({ owner: 'req-1', expiresAtMs: 5 }, 1); // { lockOwner: 'req-1', lockExpiresAtMs: 5, updatedAtMs: 1 }
 * ```
 */
export function lockFieldsOf(lock: GrantLock, nowMs: number) {
  return { lockOwner: lock.owner, lockExpiresAtMs: lock.expiresAtMs, updatedAtMs: nowMs };
}

/**
 * The record after one transition: `changes` applied, `remove`d fields gone, the
 * history trimmed (exact: every write is conditioned on the version it was
 * computed from) with `entry` appended, the version one up.
 *
 * @example
 * ```ts
 * const next = transitioned(locked, { status: 'GRANTED', updatedAtMs: now }, entry, ['lockOwner', 'lockExpiresAtMs']);
 * ```
 */
export function transitioned(record: GrantRecord, changes: Partial<GrantRecord>, entry: GrantTransition, remove: readonly (keyof GrantRecord)[] = []): GrantRecord {
  const next: GrantRecord = { ...record, ...changes, history: [...boundedHistory(record.history), entry], version: (record.version ?? 0) + 1 };
  for (const field of remove) delete next[field];
  return next;
}

/**
 * The record of a grant that settled GRANTED under `lock`.
 *
 * @example
 * ```ts
 * await store.put(grantedRecord(locked, lock, Date.now(), { membershipId: 'm-1' }), { version: locked.version ?? 0 });
 * ```
 */
export function grantedRecord(locked: GrantRecord, lock: GrantLock, nowMs: number, data: Record<string, unknown> | undefined, note?: string): GrantRecord {
  return transitioned(locked, { status: GrantStatus.GRANTED, updatedAtMs: nowMs, ...(data === undefined ? {} : { data }) },
    { from: GrantStatus.GRANTING, to: GrantStatus.GRANTED, atMs: nowMs, by: lock.owner, ...(note === undefined ? {} : { note }) }, FINISHED_FIELDS);
}

/**
 * A record created by its first lock: a grant's (GRANTING), or a revoke's tombstone (REVOKING).
 *
 * @example
 * ```ts
 * await store.put(newRecord(intent, hashGrantPayload(intent), 'GRANTING', lock, Date.now()), { absent: true });
 * ```
 */
export function newRecord(intent: GrantIntent, payloadHash: string, status: GrantStatus, lock: GrantLock, nowMs: number): GrantRecord {
  // A tombstone keeps what it can: a payload too large to track is still revoked, its resources not kept.
  const fits = payloadBytes(intent) <= RecordLimits.maxPayloadBytes;
  const note = fits ? {} : { note: 'payload over RecordLimits.maxPayloadBytes: username, resources and permission not kept' };
  return {
    grantId: intent.grantId,
    username: fits ? intent.username : '',
    resourceType: intent.resourceType.slice(0, 256),
    resources: fits ? [...intent.resources] : [],
    permission: fits ? intent.permission : '',
    payloadHash,
    status,
    ...lockFieldsOf(lock, nowMs),
    createdAtMs: nowMs,
    history: [{ to: status, atMs: nowMs, by: lock.owner, ...note }],
    version: 1,
    ...(status === GrantStatus.REVOKING ? { tombstone: true } : {}),
  };
}
