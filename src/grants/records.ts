import type * as NodeCrypto from 'node:crypto';
import type { GrantLock } from './grant-store';
import { RecordLimits } from './constants';
import { boundedHistory, payloadBytes } from './record-bounds';

/**
 * The shape of what the framework remembers about each grant_id.
 * Field names carry their unit (`updatedAtMs`, `expiresAtEpochSec`).
 */

/**
 * The states of a grant record (DESIGN.md, "Grant state tracking by grant_id").
 *
 * @example
 * ```ts
 * const stuck = await store.list({ status: GrantStatus.GRANTING }); // in flight, or left by a Lambda that died mid-grant
 * ```
 */
export const GrantStatus = {
  GRANTING: 'GRANTING',
  GRANTED: 'GRANTED',
  REVOKING: 'REVOKING',
  REVOKED: 'REVOKED',
  FAILED: 'FAILED',
} as const;

/**
 * One of {@link GrantStatus}.
 *
 * @example
 * ```ts
 * const settled = (status: GrantStatus) => status === 'GRANTED' || status === 'REVOKED';
 * ```
 */
export type GrantStatus = (typeof GrantStatus)[keyof typeof GrantStatus];

/**
 * What a grant-access / revoke-access event asks for, as the ledger sees it.
 *
 * @example
 * ```ts
 * const intent: GrantIntent = { grantId: req.grantId, username: req.username, resourceType: req.resourceType,
 *                               resources: req.resources, permission: req.permission };
 * ```
 */
export interface GrantIntent {
  grantId: string;
  username: string;
  resourceType: string;
  resources: string[];
  permission: string;
}

/**
 * One state change of a grant record.
 *
 * @example
 * ```ts
 * for (const t of record.history) console.log(t.from ?? '(new)', '->', t.to, t.by, t.note ?? '');
 * ```
 */
export interface GrantTransition {
  /** The status before (undefined when the record was created by this transition). */
  from?: GrantStatus;
  to: GrantStatus;
  atMs: number;
  /** The lock owner (invocation) that made the change. */
  by: string;
  /** The error message, when the transition records a failure (cut to `RecordLimits.maxErrorMessageBytes`). */
  error?: string;
  /**
   * Why the transition is unusual, for operators (for example: a revoke-access whose
   * payload differs from the recorded grant). Never holds request values.
   */
  note?: string;
}

/**
 * The tracked record of one grant_id. Handed to `@Revoke` methods as `req.grant`.
 *
 * @typeParam D - the `data` the `@Grant` method returned.
 * @example
 * ```ts
 * const record = await harness.store.get('g-1');
 * expect(record?.status).toBe(GrantStatus.GRANTED);
 * expect(record?.history.map((t) => t.to)).toEqual(['GRANTING', 'GRANTED']);
 * ```
 */
export interface GrantRecord<D = Record<string, unknown>> {
  grantId: string;
  username: string;
  resourceType: string;
  resources: string[];
  permission: string;
  /** A hash of (username, resourceType, sorted resources, permission): tells a replay from a conflict. */
  payloadHash: string;
  status: GrantStatus;
  /** What the `@Grant` method returned as `data`: kept for the revoke. */
  data?: D;
  /** The invocation holding the lock (while GRANTING / REVOKING). */
  lockOwner?: string;
  lockExpiresAtMs?: number;
  createdAtMs: number;
  updatedAtMs: number;
  /** DynamoDB TTL: set on REVOKED records. */
  expiresAtEpochSec?: number;
  /** The message (only) of the last error a method threw, cut to `RecordLimits.maxErrorMessageBytes`. */
  lastError?: string;
  /** The first transition and the most recent ones (see `RecordLimits.maxHistoryEntries`). */
  history: GrantTransition[];
  /**
   * True on a record a revoke-access created for a grant_id it had never seen (a
   * tombstone): it never tracked a grant, so `@Revoke` gets no record from it, and
   * any later grant-access of the grant_id is refused.
   */
  tombstone?: boolean;
  /**
   * How many writes the record has had: the store adds one on every write. A
   * write conditioned on it knows the record exactly (so it may trim the history).
   * Absent on records written before it existed (read as 0).
   */
  version?: number;
}

/**
 * The shape of what the framework remembers about credentials: one record per
 * (username, resourceType, sorted resources). Never the secret.
 */

/**
 * The states of a credential record.
 *
 * @example
 * ```ts
 * if (record.status === CredentialStatus.DELETED) console.log('deleted at', record.deletedAtMs);
 * ```
 */
export const CredentialStatus = {
  ACTIVE: 'ACTIVE',
  DELETED: 'DELETED',
} as const;

/**
 * One of {@link CredentialStatus}.
 *
 * @example
 * ```ts
 * const counts: Record<CredentialStatus, number> = { ACTIVE: 0, DELETED: 0 };
 * for (const record of await store.listCredentials()) counts[record.status]++;
 * ```
 */
export type CredentialStatus = (typeof CredentialStatus)[keyof typeof CredentialStatus];

/**
 * The credential events the framework tracks.
 *
 * @example
 * ```ts
 * const everDeleted = record.history.some((t) => t.action === CredentialAction.DELETE);
 * ```
 */
export const CredentialAction = {
  CREATE: 'create',
  RESET: 'reset',
  DELETE: 'delete',
} as const;

/**
 * One of {@link CredentialAction}.
 *
 * @example
 * ```ts
 * const lastAction: CredentialAction | undefined = record.history.at(-1)?.action;
 * ```
 */
export type CredentialAction = (typeof CredentialAction)[keyof typeof CredentialAction];

/**
 * What credentials belong to (credential events carry no grant_id).
 *
 * @example
 * ```ts
 * const key: CredentialKey = { username: 'ada@example.com', resourceType: 'database', resources: ['db-1'] };
 * ```
 */
export interface CredentialKey {
  username: string;
  resourceType: string;
  resources: readonly string[];
}

/**
 * One tracked credential event.
 *
 * @example
 * ```ts
 * const event: CredentialTransition = { action: 'reset', to: 'ACTIVE', atMs: Date.now(), by: 'req-1' };
 * ```
 */
export interface CredentialTransition {
  action: CredentialAction;
  /** The status after the event. */
  to: CredentialStatus;
  atMs: number;
  /** The invocation that made the change. */
  by: string;
}

/**
 * The tracked record of one (username, resourceType, resources) triple.
 * Times are those of the latest event of each kind; a time is absent when that
 * event happened before the framework tracked these credentials.
 *
 * @example
 * ```ts
 * for (const record of await store.listCredentials()) console.log(record.username, record.status, record.resetCount);
 * ```
 */
export interface CredentialRecord {
  /** A hash of (username, resourceType, sorted resources): the record's key. */
  credentialId: string;
  username: string;
  resourceType: string;
  /** Sorted. */
  resources: string[];
  status: CredentialStatus;
  createdAtMs?: number;
  resetAtMs?: number;
  deletedAtMs?: number;
  /** Resets since the latest create (or since tracking began). */
  resetCount: number;
  updatedAtMs: number;
  /** The invocation running an event on these credentials (while it runs). */
  lockOwner?: string;
  lockExpiresAtMs?: number;
  /** The first event tracked and the most recent ones (see `RecordLimits.maxHistoryEntries`). */
  history: CredentialTransition[];
}

/** Loaded on first hash: `node:crypto` costs ~3 ms of cold start that list-resources never needs. */
let createHash: typeof NodeCrypto.createHash | undefined;

/**
 * Hex sha256 of a canonical JSON array. JSON (not joined strings) keeps fields
 * apart: `['a,b']` and `['a', 'b']` hash differently.
 */
function sha256OfJson(value: unknown): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  createHash ??= (require('node:crypto') as typeof NodeCrypto).createHash;
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** A sorted copy: resource order carries no meaning in the protocol. */
function sortedResources(resources: readonly string[]): string[] {
  return [...resources].sort();
}

/**
 * The hash of what a grant_id grants: (username, resourceType, sorted resources,
 * permission). Equal hashes tell a replay from a conflicting reuse of a grant_id.
 *
 * @example
 * ```ts
 * hashGrantPayload({ grantId: 'g-1', username: 'a@x.io', resourceType: 'project', resources: ['b', 'a'], permission: 'reader' })
 *   === hashGrantPayload({ grantId: 'g-1', username: 'a@x.io', resourceType: 'project', resources: ['a', 'b'], permission: 'reader' }); // true
 * ```
 */
export function hashGrantPayload(intent: Omit<GrantIntent, 'grantId'>): string {
  return sha256OfJson(['grant/v1', intent.username, intent.resourceType, sortedResources(intent.resources), intent.permission]);
}

/**
 * The id of the credential record of (username, resourceType, sorted resources).
 *
 * @example
 * ```ts
 * const record = await store.getCredential(credentialIdFor({ username: 'a@x.io', resourceType: 'db', resources: ['db-1'] }));
 * ```
 */
export function credentialIdFor(key: CredentialKey): string {
  return sha256OfJson(['credential/v1', key.username, key.resourceType, sortedResources(key.resources)]);
}

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
