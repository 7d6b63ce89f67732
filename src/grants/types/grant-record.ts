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
