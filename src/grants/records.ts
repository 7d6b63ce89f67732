import type * as NodeCrypto from 'node:crypto';
import type { GrantLock } from './grant-store';
import { RecordLimits } from './constants';
import { boundedHistory, payloadBytes } from './record-bounds';

/**
 * The states of a grant record (DESIGN.md, "Grant state tracking by grant_id").
 * @example const stuck = await store.list({ status: GrantStatus.GRANTING }); // in flight, or left by a Lambda that died
 */
export const GrantStatus = {
  GRANTING: 'GRANTING',
  GRANTED: 'GRANTED',
  REVOKING: 'REVOKING',
  REVOKED: 'REVOKED',
  FAILED: 'FAILED',
} as const;

/** One of {@link GrantStatus}. @example const settled = (status: GrantStatus) => status === 'GRANTED' || status === 'REVOKED'; */
export type GrantStatus = (typeof GrantStatus)[keyof typeof GrantStatus];

/**
 * What a grant-access / revoke-access event asks for, as the ledger sees it.
 * @example const intent: GrantIntent = { grantId: 'g-1', username: 'a@x.io', resourceType: 'project', resources: ['p-1'], permission: 'reader' };
 */
export interface GrantIntent {
  grantId: string;
  username: string;
  resourceType: string;
  resources: string[];
  permission: string;
}

/** One state change of a grant record. @example for (const t of record.history) console.log(t.from ?? '(new)', '->', t.to, t.by, t.note ?? ''); */
export interface GrantTransition {
  /** Undefined when this transition created the record. */
  from?: GrantStatus;
  to: GrantStatus;
  atMs: number;
  /** The lock owner (invocation) that made the change. */
  by: string;
  /** The message of the failure recorded, cut to `RecordLimits.maxErrorMessageBytes`. */
  error?: string;
  /** Why the transition is unusual, for operators; never holds request values. */
  note?: string;
}

/**
 * The tracked record of one grant_id, handed to `@Revoke` methods as `req.grant`. See docs/grant-ledger.md#records.
 * @typeParam D - the `data` the `@Grant` method returned.
 * @example expect((await harness.store.get('g-1'))?.history.map((t) => t.to)).toEqual(['GRANTING', 'GRANTED']);
 */
export interface GrantRecord<D = Record<string, unknown>> {
  grantId: string;
  username: string;
  resourceType: string;
  resources: string[];
  permission: string;
  /** Tells a replay from a conflict (see {@link hashGrantPayload}). */
  payloadHash: string;
  status: GrantStatus;
  /** What the `@Grant` method returned as `data`, kept for the revoke. */
  data?: D;
  /** Set while GRANTING / REVOKING. */
  lockOwner?: string;
  lockExpiresAtMs?: number;
  createdAtMs: number;
  updatedAtMs: number;
  /** The store's TTL, set on REVOKED records. */
  expiresAtEpochSec?: number;
  /** Only the message, cut to `RecordLimits.maxErrorMessageBytes`. */
  lastError?: string;
  /** The first transition and the most recent ones (`RecordLimits.maxHistoryEntries`). */
  history: GrantTransition[];
  /** Created by a revoke-access of an unknown grant_id: `@Revoke` gets no record, later grants are refused. */
  tombstone?: boolean;
  /** One more on every write; absent (read as 0) on records written before versions. */
  version?: number;
}

/** The states of a credential record. @example if (record.status === CredentialStatus.DELETED) console.log('deleted at', record.deletedAtMs); */
export const CredentialStatus = {
  ACTIVE: 'ACTIVE',
  DELETED: 'DELETED',
} as const;

/** One of {@link CredentialStatus}. @example const counts: Record<CredentialStatus, number> = { ACTIVE: 0, DELETED: 0 }; */
export type CredentialStatus = (typeof CredentialStatus)[keyof typeof CredentialStatus];

/** The credential events the framework tracks. @example const everDeleted = record.history.some((t) => t.action === CredentialAction.DELETE); */
export const CredentialAction = {
  CREATE: 'create',
  RESET: 'reset',
  DELETE: 'delete',
} as const;

/** One of {@link CredentialAction}. @example const lastAction: CredentialAction | undefined = record.history.at(-1)?.action; */
export type CredentialAction = (typeof CredentialAction)[keyof typeof CredentialAction];

/** What credentials belong to (credential events carry no grant_id). @example const key: CredentialKey = { username: 'ada@example.com', resourceType: 'database', resources: ['db-1'] }; */
export interface CredentialKey {
  username: string;
  resourceType: string;
  resources: readonly string[];
}

/** One tracked credential event. @example const event: CredentialTransition = { action: 'reset', to: 'ACTIVE', atMs: Date.now(), by: 'req-1' }; */
export interface CredentialTransition {
  action: CredentialAction;
  to: CredentialStatus;
  atMs: number;
  /** The invocation that made the change. */
  by: string;
}

/**
 * The tracked record of one (username, resourceType, sorted resources), never the
 * secret. Each time is the latest event of its kind; absent when that event predates tracking.
 * @example for (const record of await store.listCredentials()) console.log(record.username, record.status, record.resetCount);
 */
export interface CredentialRecord {
  /** {@link credentialIdFor} of the key fields. */
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
  /** Set while an event on these credentials runs. */
  lockOwner?: string;
  lockExpiresAtMs?: number;
  /** The first event tracked and the most recent ones. */
  history: CredentialTransition[];
}

/** Loaded on first hash: `node:crypto` costs ~3 ms of cold start. */
let createHash: typeof NodeCrypto.createHash | undefined;

/** Hex sha256 of a JSON array (JSON keeps fields apart: `['a,b']` is not `['a', 'b']`). */
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
 * The hash of what a grant_id grants. See docs/grant-ledger.md#idempotency.
 * @example hashGrantPayload({ ...intent, resources: ['b', 'a'] }) === hashGrantPayload({ ...intent, resources: ['a', 'b'] }); // true
 */
export function hashGrantPayload(intent: Omit<GrantIntent, 'grantId'>): string {
  return sha256OfJson(['grant/v1', intent.username, intent.resourceType, sortedResources(intent.resources), intent.permission]);
}

/**
 * The id of the credential record of (username, resourceType, sorted resources).
 * @example const record = await store.getCredential(credentialIdFor({ username: 'a@x.io', resourceType: 'db', resources: ['db-1'] }));
 */
export function credentialIdFor(key: CredentialKey): string {
  return sha256OfJson(['credential/v1', key.username, key.resourceType, sortedResources(key.resources)]);
}

/** The fields a lock holds, removed when it is released. */
export const LOCK_FIELDS = ['lockOwner', 'lockExpiresAtMs'] as const;
/** The fields a settled event removes: the lock and the error of an earlier attempt. */
export const FINISHED_FIELDS = ['lockOwner', 'lockExpiresAtMs', 'lastError'] as const;

/** The lock's fields, as a write sets them. @example lockFieldsOf({ owner: 'req-1', expiresAtMs: 5 }, 1); // { lockOwner: 'req-1', lockExpiresAtMs: 5, updatedAtMs: 1 } */
export function lockFieldsOf(lock: GrantLock, nowMs: number) {
  return { lockOwner: lock.owner, lockExpiresAtMs: lock.expiresAtMs, updatedAtMs: nowMs };
}

/**
 * The record after one transition: history trimmed, `entry` appended, version one up. See docs/grant-ledger.md#records.
 * @example const next = transitioned(locked, { status: 'GRANTED', updatedAtMs: now }, entry, LOCK_FIELDS);
 */
export function transitioned(record: GrantRecord, changes: Partial<GrantRecord>, entry: GrantTransition, remove: readonly (keyof GrantRecord)[] = []): GrantRecord {
  const next: GrantRecord = { ...record, ...changes, history: [...boundedHistory(record.history), entry], version: (record.version ?? 0) + 1 };
  for (const field of remove) delete next[field];
  return next;
}

/** The record of a grant that settled GRANTED under `lock`. @example await store.put(grantedRecord(locked, lock, Date.now(), { membershipId: 'm-1' }), { version: locked.version ?? 0 }); */
export function grantedRecord(locked: GrantRecord, lock: GrantLock, nowMs: number, data: Record<string, unknown> | undefined, note?: string): GrantRecord {
  return transitioned(locked, { status: GrantStatus.GRANTED, updatedAtMs: nowMs, ...(data === undefined ? {} : { data }) },
    { from: GrantStatus.GRANTING, to: GrantStatus.GRANTED, atMs: nowMs, by: lock.owner, ...(note === undefined ? {} : { note }) }, FINISHED_FIELDS);
}

/**
 * A record created by its first lock: a grant's (GRANTING), or a revoke's tombstone (REVOKING).
 * @example await store.put(newRecord(intent, hashGrantPayload(intent), 'GRANTING', lock, Date.now()), { absent: true });
 */
export function newRecord(intent: GrantIntent, payloadHash: string, status: GrantStatus, lock: GrantLock, nowMs: number): GrantRecord {
  // Only a tombstone can be over budget (grants were refused): it is still revoked, its payload not kept.
  const fits = payloadBytes(intent) <= RecordLimits.maxPayloadBytes;
  const note = fits ? {} : { note: 'payload over RecordLimits.maxPayloadBytes: username, resources and permission not kept' };
  return {
    grantId: intent.grantId,
    username: fits ? intent.username : '',
    // A tombstone over budget keeps 256 characters of it; a grant keeps it whole (its revoke gets it back).
    resourceType: fits ? intent.resourceType : intent.resourceType.slice(0, 256),
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
