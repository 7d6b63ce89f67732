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
 * What one grant or credential record keeps at most, so that it never nears
 * DynamoDB's 400 KB item limit: past it every write to the record fails, a
 * revoke's lock write included, and the access can no longer be revoked. With
 * these bounds a record's own fields stay under ~60 KB (the `data` a `@Grant`
 * method returns is the integration's to keep small).
 *
 * @example
 * ```ts
 * const record = await store.get('g-1');
 * record!.history.length <= RecordLimits.maxHistoryEntries + 1; // true
 * Buffer.byteLength(record!.lastError ?? '') <= RecordLimits.maxErrorMessageBytes; // true
 * ```
 */
export const RecordLimits = {
  /**
   * UTF-8 bytes of an error message kept in a record (`lastError`, `history[].error`),
   * the truncation marker included. 1 KB holds any useful first line and stack-free
   * message; a method that fails with a whole HTML error page gets its start kept.
   */
  maxErrorMessageBytes: 1024,
  /**
   * History entries kept: the first one (the record's creation) and the most
   * recent ones. 50 covers many retries of one grant; older entries are in the
   * logs. A grant's lock write appends one entry before the write that settles the
   * event trims the history again, so a stored grant record may briefly hold one more.
   */
  maxHistoryEntries: 50,
} as const;
