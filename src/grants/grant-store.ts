import { GrantStoreUnavailableError } from '../errors';
import type { CredentialRecord, CredentialStatus, CredentialTransition, GrantRecord, GrantStatus, GrantTransition } from './records';

/**
 * The lock an invocation takes on a grant_id, or on a credential record. `expiresAtMs`
 * is `now + the Lambda context's remaining time`; a remaining time of 0 is real (the
 * lock is born expired, so another invocation may take over at once).
 *
 * @example
 * ```ts
 * const lock: GrantLock = { owner: context.awsRequestId, expiresAtMs: Date.now() + context.getRemainingTimeInMillis() };
 * ```
 */
export interface GrantLock {
  /** Who holds the lock: unique per invocation (the Lambda request id). Kept in `history[].by`. */
  owner: string;
  expiresAtMs: number;
}

/**
 * Throws a TypeError unless `lock` has an owner and a finite expiry, before anything touches a store.
 *
 * @example
 * ```ts
 * assertLock({ owner: '', expiresAtMs: 1 }); // TypeError: GrantLock.owner must be a non-empty string
 * ```
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
 * Runs one store call; a store failure becomes a {@link GrantStoreUnavailableError}
 * (retryable, the store's error as `cause`). A TypeError or RangeError is a bug
 * (a malformed write), not an outage, and goes through unchanged.
 *
 * @example
 * ```ts
 * const record = await storeCall(() => store.get(grantId), `reading grant_id ${grantId}`);
 * ```
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
 * The credential record fields an event sets (everything but the key, the count, the history and the lock).
 *
 * @example
 * ```ts
 * const set: CredentialRecordFields = { username, resourceType, resources, status: 'DELETED', deletedAtMs: now, updatedAtMs: now };
 * ```
 */
export type CredentialRecordFields = Omit<CredentialRecord, 'credentialId' | 'resetCount' | 'history' | 'lockOwner' | 'lockExpiresAtMs'>;

/**
 * What {@link CredentialStore.lockCredential} did. A refused lock carries the
 * live lock's expiry when the store returned the record with the refusal (no extra read).
 *
 * @example
 * ```ts
 * const result = await store.lockCredential(credentialId, lock, Date.now());
 * if (!result.locked) console.log('busy until', result.lockExpiresAtMs);
 * else console.log(result.record === undefined ? 'first event' : `status ${result.record.status}`);
 * ```
 */
export type CredentialLockResult =
  /** `record`: the record under this lock, or undefined when no event was ever recorded for these credentials. */
  | { readonly locked: true; readonly record?: CredentialRecord }
  | { readonly locked: false; readonly lockExpiresAtMs?: number };

/**
 * One credential event, recorded after its method succeeded: applied only while
 * `lockOwner` still holds the record's lock, and releasing that lock in the same write.
 *
 * @example
 * ```ts
 * const write: CredentialWrite = {
 *   lockOwner: 'req-1',
 *   set: { username, resourceType, resources, status: 'ACTIVE', resetAtMs: now, updatedAtMs: now },
 *   resetCount: 'increment',
 *   keptHistory: boundedHistory(locked.record?.history ?? []),
 *   appendHistory: { action: 'reset', to: 'ACTIVE', atMs: now, by: 'req-1' },
 * };
 * ```
 */
export interface CredentialWrite {
  /** The invocation holding the lock (from {@link CredentialStore.lockCredential}). */
  readonly lockOwner: string;
  readonly set: CredentialRecordFields & { status: CredentialStatus };
  /** `zero`: start counting again; `increment`: one more reset; `keep`: unchanged (0 for a new record). */
  readonly resetCount: 'zero' | 'increment' | 'keep';
  readonly appendHistory: CredentialTransition;
  /**
   * When given, the stored history is replaced by these entries followed by
   * `appendHistory`; otherwise `appendHistory` is appended. The lock holder knows
   * the record, so it can trim the history in this one write (DynamoDB refuses
   * appending to and removing from one list in a single update).
   */
  readonly keptHistory?: readonly CredentialTransition[];
}

/**
 * What {@link CredentialStore.writeCredential} did: not applied when the writer no longer held the lock.
 *
 * @example
 * ```ts
 * const result = await store.writeCredential(credentialId, write);
 * if (!result.applied) throw new Error('lost the lock');
 * ```
 */
export type CredentialWriteResult = { readonly applied: true; readonly record: CredentialRecord } | { readonly applied: false };

/**
 * A lock released without recording an event.
 *
 * @example
 * ```ts
 * await store.releaseCredential(credentialId, { owner: 'req-1', forget: locked.record === undefined });
 * ```
 */
export interface CredentialRelease {
  /** The invocation holding the lock: nothing happens if it no longer does. */
  readonly owner: string;
  /**
   * True when no event was ever recorded for these credentials (a first event
   * failed): the release then also requires that none was, and what is left holds
   * no record (`getCredential` and `listCredentials` skip it). Never a delete: the
   * function's role needs no `dynamodb:DeleteItem`.
   */
  readonly forget: boolean;
}

/**
 * Options of {@link CredentialStore.listCredentials}.
 *
 * @example
 * ```ts
 * await store.listCredentials({ limit: 20 });
 * ```
 */
export interface CredentialListOptions {
  /** At most this many records (default 100). */
  limit?: number;
}

/**
 * Where credential records live. Every `GrantStore` is one. A record exists once
 * an event was recorded for its credentials: a lock taken for a first event that
 * has not finished is not a record (`getCredential` and `listCredentials` skip it).
 *
 * @example
 * ```ts
 * const [listed] = await store.listCredentials({ limit: 1 });
 * const record = listed && (await store.getCredential(listed.credentialId));
 * ```
 */
export interface CredentialStore {
  /** The credential record with this id (a consistent read), or undefined. */
  getCredential(credentialId: string): Promise<CredentialRecord | undefined>;
  /**
   * Takes the record's lock for `lock.owner`, in one conditional write, unless
   * another owner's lock expires after `nowMs`. Works on credentials never seen
   * before. A lock `lock.owner` already holds is taken again: a write resent after
   * its response was lost must not lock its own invocation out.
   */
  lockCredential(credentialId: string, lock: GrantLock, nowMs: number): Promise<CredentialLockResult>;
  /** Records one event and releases the lock, in one write conditioned on the lock owner. */
  writeCredential(credentialId: string, write: CredentialWrite): Promise<CredentialWriteResult>;
  /** Releases the lock, recording nothing, in one write conditioned on the lock owner. False when not held. */
  releaseCredential(credentialId: string, release: CredentialRelease): Promise<boolean>;
  /** Credential records, in no particular order. */
  listCredentials(options?: CredentialListOptions): Promise<CredentialRecord[]>;
}

/**
 * What {@link GrantStore.put} expects of the stored record: that there is none,
 * or that it is at `version` (0: a record written before versions existed).
 *
 * @example
 * ```ts
 * await store.put(record, { absent: true });              // create
 * await store.put(next, { version: current.version ?? 0 }); // replace the record as read
 * ```
 */
export type GrantPutExpectation = { readonly absent: true } | { readonly version: number };

/**
 * The lock a revoke-access takes on a GRANTED record it has not read.
 *
 * @example
 * ```ts
 * const lock: GrantRevokeLock = { lockOwner: 'req-1', lockExpiresAtMs, updatedAtMs: now };
 * ```
 */
export interface GrantRevokeLock {
  readonly lockOwner: string;
  readonly lockExpiresAtMs: number;
  readonly updatedAtMs: number;
}

/**
 * What a conditional write did. A refused write carries the record as it is
 * (`current`, undefined when there is none), so a conflict costs no extra read.
 *
 * @example
 * ```ts
 * const result = await store.put(record, { absent: true });
 * const stored = result.applied ? result.record : result.current;
 * ```
 */
export type GrantWriteResult =
  | { readonly applied: true; readonly record: GrantRecord }
  | { readonly applied: false; readonly current?: GrantRecord };

/**
 * Options of {@link GrantStore.list}.
 *
 * @example
 * ```ts
 * await store.list({ status: 'GRANTING', limit: 50 }); // grants that may be stuck
 * ```
 */
export interface GrantListOptions {
  /** At most this many records (default 100). */
  limit?: number;
  /** Only records in this status. */
  status?: GrantStatus;
}

/**
 * Options of {@link GrantStore.page}.
 *
 * @example
 * ```ts
 * let cursor: string | undefined;
 * do { const page = await store.page({ cursor }); cursor = page.cursor; } while (cursor !== undefined);
 * ```
 */
export interface GrantPageOptions {
  /** Where the previous page ended; undefined for the first page. */
  cursor?: string;
  /** About how many records to read for this page (a store may return fewer; default 1,000). */
  limit?: number;
}

/**
 * One page of grant records, and where the next one starts (undefined: this was the last).
 *
 * @example
 * ```ts
 * const { records, cursor } = await store.page({ limit: 500 });
 * ```
 */
export interface GrantPage {
  readonly records: GrantRecord[];
  readonly cursor?: string;
}

/**
 * Where the {@link GrantLedger} keeps grant records: a plain get and a
 * conditional put of whole records, as Powertools' idempotency persistence layer
 * does; every decision (what to write, when) is the ledger's. One more write lets
 * a revoke lock a GRANTED record without reading it first, so that a grant and a
 * revoke each cost two writes and no read. Records handed out are copies:
 * mutating them never changes what is stored. A store for another database is
 * these few methods (see the README's "Writing a store").
 *
 * @example
 * ```ts
 * const created = await store.put({ ...record, version: 1 }, { absent: true });
 * if (!created.applied) console.log('already tracked as', created.current?.status);
 * ```
 */
export interface GrantStore extends CredentialStore {
  /**
   * False when records die with the process (memory). `bootstrap` refuses a
   * non-durable store inside a real Lambda unless the user opts in.
   */
  readonly durable: boolean;
  /** The record of this grant_id (a consistent read), or undefined. */
  get(grantId: string): Promise<GrantRecord | undefined>;
  /**
   * Writes `record` whole (its `version` is already the next one), if the stored
   * record is as `expected`; otherwise returns the stored one.
   */
  put(record: GrantRecord, expected: GrantPutExpectation): Promise<GrantWriteResult>;
  /**
   * If the record is GRANTED: sets status REVOKING and `lock`, appends `entry` to
   * the history and adds one to the version, returning the record after it;
   * otherwise returns the stored record.
   */
  lockGranted(grantId: string, lock: GrantRevokeLock, entry: GrantTransition): Promise<GrantWriteResult>;
  /** Grant records, in no particular order. */
  list(options?: GrantListOptions): Promise<GrantRecord[]>;
  /** Every grant record, page by page (reconcile reads the whole ledger in bounded memory). */
  page(options?: GrantPageOptions): Promise<GrantPage>;
}

/**
 * The default `limit` of {@link GrantStore.page}.
 *
 * @example
 * ```ts
 * (await store.page()).records.length <= DEFAULT_PAGE_LIMIT; // true
 * ```
 */
export const DEFAULT_PAGE_LIMIT = 1000;

/**
 * The default `limit` of list operations.
 *
 * @example
 * ```ts
 * (await store.list()).length <= DEFAULT_LIST_LIMIT; // true
 * ```
 */
export const DEFAULT_LIST_LIMIT = 100;
