import { GrantStoreUnavailableError } from '../errors';
import type { CredentialRecord, CredentialStatus, CredentialTransition, GrantRecord, GrantStatus, GrantTransition } from './records';

/**
 * The lock an invocation takes on a grant or credential record. See docs/grant-ledger.md#lock-expiry.
 * @example const lock: GrantLock = { owner: context.awsRequestId, expiresAtMs: Date.now() + context.getRemainingTimeInMillis() };
 */
export interface GrantLock {
  /** Unique per invocation (the Lambda request id); kept in `history[].by`. */
  owner: string;
  expiresAtMs: number;
}

/**
 * Throws a TypeError unless `lock` has an owner and a finite expiry, before anything touches a store.
 * @example assertLock({ owner: '', expiresAtMs: 1 }); // TypeError: GrantLock.owner must be a non-empty string
 */
export function assertLock(lock: GrantLock): void {
  if (typeof lock?.owner !== 'string' || lock.owner === '') throw new TypeError('GrantLock.owner must be a non-empty string');
  if (!Number.isFinite(lock.expiresAtMs)) throw new TypeError('GrantLock.expiresAtMs must be a finite number');
}

/** Store refusals that the same request, sent again, meets again. */
const NOT_RETRYABLE: ReadonlySet<string> = new Set(['ValidationException', 'SerializationException']);

/** The store error's name and code, never its message: a server may echo request values in it. */
function describeStoreError(err: unknown): string {
  if (!(err instanceof Error)) return typeof err;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && code !== err.name ? `${err.name} ${code}` : err.name;
}

/**
 * Runs one store call; a store failure becomes a {@link GrantStoreUnavailableError},
 * but a TypeError or RangeError (a bug, not an outage) passes unchanged. See docs/grant-ledger.md#store-failures.
 * @example const record = await storeCall(() => store.get(grantId), `reading grant_id ${grantId}`);
 */
export async function storeCall<T>(call: () => Promise<T>, doing: string, consequence = 'Nothing was changed; the request can be retried.'): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof TypeError || err instanceof RangeError) throw err;
    throw new GrantStoreUnavailableError(
      `the grant store failed while ${doing} (${describeStoreError(err)}). ${consequence}`,
      { cause: err, retryable: !(err instanceof Error && NOT_RETRYABLE.has(err.name)) },
    );
  }
}

/**
 * The credential record fields an event sets (all but the key, the count, the history and the lock).
 * @example const set: CredentialRecordFields = { username, resourceType, resources, status: 'DELETED', deletedAtMs: now, updatedAtMs: now };
 */
export type CredentialRecordFields = Omit<CredentialRecord, 'credentialId' | 'resetCount' | 'history' | 'lockOwner' | 'lockExpiresAtMs'>;

/**
 * What {@link CredentialStore.lockCredential} did; a refusal carries the live lock's expiry when the store returned it.
 * @example const result = await store.lockCredential(credentialId, lock, Date.now()); // { locked: false, lockExpiresAtMs }
 */
export type CredentialLockResult =
  /** `record` is undefined when no event was ever recorded for these credentials. */
  | { readonly locked: true; readonly record?: CredentialRecord }
  | { readonly locked: false; readonly lockExpiresAtMs?: number };

/**
 * One credential event, recorded after its method succeeded, only while `lockOwner` holds the lock, which it releases.
 * @example const write: CredentialWrite = { lockOwner: 'req-1', set, resetCount: 'increment', appendHistory: { action: 'reset', to: 'ACTIVE', atMs: now, by: 'req-1' } };
 */
export interface CredentialWrite {
  readonly lockOwner: string;
  readonly set: CredentialRecordFields & { status: CredentialStatus };
  /** `zero`: start counting again; `increment`: one more reset; `keep`: unchanged (0 for a new record). */
  readonly resetCount: 'zero' | 'increment' | 'keep';
  readonly appendHistory: CredentialTransition;
  /** When given, replaces the stored history before `appendHistory` (DynamoDB cannot append and remove in one update). */
  readonly keptHistory?: readonly CredentialTransition[];
}

/**
 * What {@link CredentialStore.writeCredential} did: not applied when the writer no longer held the lock.
 * @example if (!(await store.writeCredential(credentialId, write)).applied) throw new Error('lost the lock');
 */
export type CredentialWriteResult = { readonly applied: true; readonly record: CredentialRecord } | { readonly applied: false };

/** A lock released without recording an event. @example await store.releaseCredential(credentialId, { owner: 'req-1', forget: locked.record === undefined }); */
export interface CredentialRelease {
  /** Nothing happens unless this invocation still holds the lock. */
  readonly owner: string;
  /** A first event failed: release only if no event was ever recorded, and leave no record. */
  readonly forget: boolean;
}

/** Options of {@link CredentialStore.listCredentials}. @example await store.listCredentials({ limit: 20 }); */
export interface CredentialListOptions {
  /** Default {@link DEFAULT_LIST_LIMIT}. */
  limit?: number;
}

/** Where credential records live; every `GrantStore` is one. Reads and lists skip a lock with no record yet. @example const record = await store.getCredential(credentialIdFor(key)); */
export interface CredentialStore {
  /** A consistent read. */
  getCredential(credentialId: string): Promise<CredentialRecord | undefined>;
  /** Takes the lock unless another owner's lock outlives `nowMs`; a lock `lock.owner` holds is taken again (a resent write). */
  lockCredential(credentialId: string, lock: GrantLock, nowMs: number): Promise<CredentialLockResult>;
  /** Records one event and releases the lock, in one write conditioned on the lock owner. */
  writeCredential(credentialId: string, write: CredentialWrite): Promise<CredentialWriteResult>;
  /** Releases the lock, recording nothing, in one write conditioned on the lock owner. False when not held. */
  releaseCredential(credentialId: string, release: CredentialRelease): Promise<boolean>;
  listCredentials(options?: CredentialListOptions): Promise<CredentialRecord[]>;
}

/** What {@link GrantStore.put} expects of the stored record: none, or at `version` (0: written before versions). @example await store.put(next, { version: current.version ?? 0 }); */
export type GrantPutExpectation = { readonly absent: true } | { readonly version: number };

/** The lock a revoke-access takes on a GRANTED record it has not read. @example const lock: GrantRevokeLock = { lockOwner: 'req-1', lockExpiresAtMs, updatedAtMs: now }; */
export interface GrantRevokeLock {
  readonly lockOwner: string;
  readonly lockExpiresAtMs: number;
  readonly updatedAtMs: number;
}

/** What a conditional write did; a refusal carries the stored record, so a conflict costs no extra read. @example const stored = result.applied ? result.record : result.current; */
export type GrantWriteResult =
  | { readonly applied: true; readonly record: GrantRecord }
  | { readonly applied: false; readonly current?: GrantRecord };

/** Options of {@link GrantStore.list}. @example await store.list({ status: 'GRANTING', limit: 50 }); // grants that may be stuck */
export interface GrantListOptions {
  /** Default {@link DEFAULT_LIST_LIMIT}. */
  limit?: number;
  status?: GrantStatus;
}

/** Options of {@link GrantStore.page}. @example const next = await store.page({ cursor: previous.cursor, limit: 500 }); */
export interface GrantPageOptions {
  cursor?: string;
  /** About how many records to read (a store may return fewer; default 1,000). */
  limit?: number;
}

/** One page of grant records; no `cursor` on the last. @example const { records, cursor } = await store.page({ limit: 500 }); */
export interface GrantPage {
  readonly records: GrantRecord[];
  readonly cursor?: string;
}

/**
 * Where the {@link GrantLedger} keeps grant records: consistent reads and conditional writes of whole records,
 * handed out as copies. See docs/grant-ledger.md#store-contract.
 * @example const created = await store.put({ ...record, version: 1 }, { absent: true }); // created.current when refused
 */
export interface GrantStore extends CredentialStore {
  /** False when records die with the process; `bootstrap` then refuses it inside a real Lambda unless told otherwise. */
  readonly durable: boolean;
  get(grantId: string): Promise<GrantRecord | undefined>;
  /** Writes `record` whole (its `version` already the next one) if the stored record is as `expected`. */
  put(record: GrantRecord, expected: GrantPutExpectation): Promise<GrantWriteResult>;
  /** If the record is GRANTED: sets REVOKING and `lock`, appends `entry`, adds one to the version. */
  lockGranted(grantId: string, lock: GrantRevokeLock, entry: GrantTransition): Promise<GrantWriteResult>;
  list(options?: GrantListOptions): Promise<GrantRecord[]>;
  /** Every record, page by page (reconcile reads the whole ledger in bounded memory). */
  page(options?: GrantPageOptions): Promise<GrantPage>;
}

/** The default `limit` of {@link GrantStore.page}. @example (await store.page()).records.length <= DEFAULT_PAGE_LIMIT; // true */
export const DEFAULT_PAGE_LIMIT = 1000;

/** The default `limit` of list operations. @example (await store.list()).length <= DEFAULT_LIST_LIMIT; // true */
export const DEFAULT_LIST_LIMIT = 100;
