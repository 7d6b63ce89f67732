import { GRANT_ID_MAX_BYTES } from '../protocol/constants';

/**
 * Defaults of the grant ledger.
 *
 * @example
 * ```ts
 * new GrantLedger(store, { revokedTtlDays: GrantLedgerDefaults.revokedTtlDays * 2 });
 * ```
 */
export const GrantLedgerDefaults = {
  /** How long a REVOKED record (and its tombstone role) is kept before the store's TTL removes it. */
  revokedTtlDays: 90,
  /**
   * Conditional writes one event may try before giving up with a retryable error.
   * Each failed write moves to a newer state, and the states form a short chain,
   * so a handful is enough unless invocations keep racing.
   */
  maxWriteAttempts: 5,
} as const;

/**
 * Seconds in a day, for TTLs.
 *
 * @example
 * ```ts
 * const expiresAtEpochSec = Math.floor(Date.now() / 1000) + 90 * SECONDS_PER_DAY;
 * ```
 */
export const SECONDS_PER_DAY = 86_400;

/**
 * The byte budget of every field of a grant or credential record, so that no
 * write can pass DynamoDB's 400 KB item limit (past it every write to the record
 * fails, a revoke's lock write included, and the access could never be revoked).
 * A record with every field at its budget stays under 400 KB with room to spare
 * (a test writes one to dynalite). Sizes are UTF-8 bytes of the field as JSON.
 *
 * @example
 * ```ts
 * const record = await store.get('g-1');
 * record!.history.length <= RecordLimits.maxHistoryEntries + 1; // true
 * Buffer.byteLength(record!.lastError ?? '') <= RecordLimits.maxErrorMessageBytes; // true
 * ```
 */
export const RecordLimits = {
  /** `grant_id` (the item's key, stored twice): checked when the event is read. DynamoDB's key limit is 2,048. */
  maxGrantIdBytes: GRANT_ID_MAX_BYTES,
  /**
   * username, resource type, resources and permission together. A grant-access
   * over it is refused before its method runs (InvalidEventError): it could not be
   * tracked, so it must not be applied.
   */
  maxPayloadBytes: 256 * 1024,
  /** What a `@Grant` method returns as `data`. Over it the grant fails and is undone through `@Revoke`. */
  maxDataBytes: 64 * 1024,
  /**
   * An error message kept in a record (`lastError`, `history[].error`), the
   * truncation marker included. 1 KB holds any useful first line; a method that
   * fails with a whole HTML error page gets its start kept.
   */
  maxErrorMessageBytes: 1024,
  /**
   * History entries kept: the first one (the record's creation) and the most
   * recent ones; older entries are in the logs. Every write that knows the record
   * (one conditioned on its version or on its own lock) trims the history to this;
   * only a revoke's first write, which finds the record unread, appends one more.
   */
  maxHistoryEntries: 40,
} as const;
