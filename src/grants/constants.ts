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
