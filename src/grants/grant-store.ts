import type { CredentialStore } from './credential-store';
import type { GrantRecord, GrantStatus, GrantTransition } from './types/grant-record';

/**
 * The condition a {@link GrantWrite} is applied under: either the record must not
 * exist, or it must be in one of `status` and match every other field given.
 * Everything a state machine needs, small enough that every store evaluates it
 * the same way (and DynamoDB as one `ConditionExpression`).
 *
 * @example
 * ```ts
 * const create: GrantWriteCondition = { absent: true };
 * const finish: GrantWriteCondition = { status: ['GRANTING'], lockOwner: 'req-1' };
 * const takeOver: GrantWriteCondition = { status: ['GRANTING'], lockExpiresAtOrBeforeMs: Date.now() };
 * ```
 */
export type GrantWriteCondition =
  | { readonly absent: true }
  | {
      /** The record exists and its status is one of these. */
      readonly status: readonly GrantStatus[];
      /** …and this invocation holds its lock. */
      readonly lockOwner?: string;
      /** …and its lock expired at or before this time (a record without a lock counts as expired). */
      readonly lockExpiresAtOrBeforeMs?: number;
      /** …and it records this payload. */
      readonly payloadHash?: string;
      /** …and it is at this version (0: written before versions existed). */
      readonly version?: number;
    };

/**
 * The record fields a write may set (`grantId` is the key, `history` is append-only).
 *
 * @example
 * ```ts
 * const set: GrantRecordFields = { status: 'FAILED', lastError: 'portal said 500', updatedAtMs: now };
 * ```
 */
export type GrantRecordFields = Partial<Omit<GrantRecord, 'grantId' | 'history' | 'version'>>;

/**
 * The optional record fields a write may remove.
 *
 * @example
 * ```ts
 * const releaseLock: RemovableGrantField[] = ['lockOwner', 'lockExpiresAtMs'];
 * ```
 */
export type RemovableGrantField = 'data' | 'lockOwner' | 'lockExpiresAtMs' | 'expiresAtEpochSec' | 'lastError';

/**
 * One state transition: applied atomically, only when `when` holds.
 * Fields not named in `set` or `remove` (notably `data`) are kept; `history` gets
 * `appendHistory` appended, or is replaced by `keptHistory` followed by it; the
 * store adds one to `version`.
 *
 * @example
 * ```ts
 * const write: GrantWrite = {
 *   when: { status: ['GRANTING'], lockOwner: 'req-1' },
 *   set: { status: 'GRANTED', updatedAtMs: now, data: { membershipId: 'm-1' } },
 *   remove: ['lockOwner', 'lockExpiresAtMs'],
 *   appendHistory: { from: 'GRANTING', to: 'GRANTED', atMs: now, by: 'req-1' },
 * };
 * ```
 */
export interface GrantWrite {
  readonly when: GrantWriteCondition;
  readonly set: GrantRecordFields;
  readonly remove?: readonly RemovableGrantField[];
  readonly appendHistory: GrantTransition;
  /**
   * When given, the stored history is replaced by these entries followed by
   * `appendHistory`. Only for a writer that knows the record as stored, that is
   * one whose condition includes its own `lockOwner` or the record's `version`: it can then trim the history
   * in this one write (DynamoDB refuses appending to and removing from one list
   * in a single update).
   */
  readonly keptHistory?: readonly GrantTransition[];
}

/**
 * What a conditional write did. A failed condition carries the record as it is
 * (`current`, undefined when there is none), so a conflict costs no extra read.
 *
 * @example
 * ```ts
 * const result = await store.transition(grantId, write);
 * const record = result.applied ? result.record : result.current;
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
 * Where the {@link GrantLedger} keeps grant records. Every state transition is one
 * conditional {@link GrantStore.transition}; stores never decide anything themselves.
 * Records handed out are copies: mutating them never changes what is stored.
 *
 * @example
 * ```ts
 * const result = await store.transition('g-1', {
 *   when: { absent: true },
 *   set: { ...intent, payloadHash, status: 'GRANTING', lockOwner: 'req-1', lockExpiresAtMs, createdAtMs: now, updatedAtMs: now },
 *   appendHistory: { to: 'GRANTING', atMs: now, by: 'req-1' },
 * });
 * if (!result.applied) console.log('already tracked as', result.current?.status);
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
  /** Apply `write` atomically if its condition holds. */
  transition(grantId: string, write: GrantWrite): Promise<GrantWriteResult>;
  /** Grant records, in no particular order. */
  list(options?: GrantListOptions): Promise<GrantRecord[]>;
}

/**
 * The default `limit` of list operations.
 *
 * @example
 * ```ts
 * (await store.list()).length <= DEFAULT_LIST_LIMIT; // true
 * ```
 */
export const DEFAULT_LIST_LIMIT = 100;

/**
 * Throws when a write both sets and removes a field, or its condition lists no
 * status: DynamoDB refuses such an update, so every store refuses it the same way.
 * Also when it replaces the history without holding the lock: another writer
 * could have appended entries that the replacement would silently drop.
 *
 * @example
 * ```ts
 * assertWellFormedWrite(write); // TypeError: grant write both sets and removes "data"
 * ```
 */
export function assertWellFormedWrite(write: GrantWrite): void {
  if ('status' in write.when && write.when.status.length === 0) {
    throw new TypeError('grant write condition needs at least one status');
  }
  if (write.keptHistory !== undefined && ('absent' in write.when || (write.when.lockOwner === undefined && write.when.version === undefined))) {
    throw new TypeError('grant write replaces the history (keptHistory) without a lockOwner or version condition');
  }
  for (const field of write.remove ?? []) {
    if (write.set[field] !== undefined) {
      throw new TypeError(`grant write both sets and removes "${field}"`);
    }
  }
}
