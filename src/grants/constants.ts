import { GRANT_ID_MAX_BYTES } from '../protocol/constants';

/** Defaults of the grant ledger. @example new GrantLedger(store, { revokedTtlDays: GrantLedgerDefaults.revokedTtlDays * 2 }); */
export const GrantLedgerDefaults = {
  /** Days a REVOKED record, which refuses later grants, is kept before the store's TTL removes it. */
  revokedTtlDays: 90,
  /** Conditional writes one event tries before a retryable refusal. See docs/grant-ledger.md#event-flow. */
  maxWriteAttempts: 5,
} as const;

/** Seconds in a day, for TTLs. @example const expiresAtEpochSec = Math.floor(Date.now() / 1000) + 90 * SECONDS_PER_DAY; */
export const SECONDS_PER_DAY = 86_400;

/**
 * The byte budget of each field of a grant or credential record (UTF-8 bytes of the
 * field as JSON), so that no record outgrows DynamoDB's 400 KB item limit and every
 * record can still be revoked. See docs/grant-ledger.md#record-bounds.
 * @example Buffer.byteLength(record.lastError ?? '') <= RecordLimits.maxErrorMessageBytes; // true
 */
export const RecordLimits = {
  /** `grant_id`, checked when the event is read. */
  maxGrantIdBytes: GRANT_ID_MAX_BYTES,
  /** Username, resource type, resources and permission together; a grant over it is refused before its method runs. */
  maxPayloadBytes: 256 * 1024,
  /** The `data` a `@Grant` method returns; over it the grant fails and is undone through `@Revoke`. */
  maxDataBytes: 64 * 1024,
  /** An error message kept in a record, truncation marker included. */
  maxErrorMessageBytes: 1024,
  /** History entries kept: the first and the most recent (a revoke's unread lock write may add one more). */
  maxHistoryEntries: 40,
} as const;
