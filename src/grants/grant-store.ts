import type { CredentialStore } from './credential-store';
import type { GrantRecord, GrantStatus, GrantTransition } from './types/grant-record';

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
