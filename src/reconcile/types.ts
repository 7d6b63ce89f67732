import type { GrantStatus } from '../grants/records';

/**
 * Options of reconcile (`bootstrap(Cls, { reconcile })`).
 * @example export const handler = bootstrap(PortalIntegration, { store, reconcile: { revokeUnrecorded: true } });
 */
export interface ReconcileOptions {
  /** Also revoke access no grant record accounts for (made by hand). Default false: reported only. */
  revokeUnrecorded?: boolean;
  /** How old a FAILED record or expired lock must be before its access is taken back (Apono may still retry). Default 15 min. */
  uncertainAfterMs?: number;
  /** Entries listed per section of the report; counts stay exact. Default 1,000. */
  maxReportedEntries?: number;
}

/** Why access is orphaned, which decides what reconcile does: docs/capabilities.md#reconcile. */
export type OrphanReason =
  | 'record-revoked'
  | 'record-failed'
  | 'grant-abandoned'
  | 'too-recent'
  | 'no-record';

/**
 * Access in the application that no live GRANTED record accounts for.
 * @example for (const o of report.orphaned) console.log(o.username, o.resources, o.reason, o.action);
 */
export interface OrphanedAccess {
  username: string;
  resourceType: string;
  resources: string[];
  permission: string;
  /** The grant record it was matched to. */
  grantId?: string;
  recordStatus?: GrantStatus;
  reason: OrphanReason;
  /** What this run did, or in a dry run would do. */
  action: 'revoke' | 'report';
}

/**
 * A GRANTED record whose access (some of its resources) the application no longer shows.
 * @example report.missing.map((m) => `${m.grantId}: ${m.resources.join(', ')}`);
 */
export interface MissingAccess {
  grantId: string;
  username: string;
  resourceType: string;
  /** The recorded resources the application does not show. */
  resources: string[];
  permission: string;
}

/**
 * A record whose outcome is unknown: FAILED, or with an expired lock, longer ago than `uncertainAfterMs`.
 * @example report.uncertain.filter((u) => u.status === 'GRANTING'); // grants abandoned by a dead instance
 */
export interface UncertainRecord {
  grantId: string;
  status: GrantStatus;
  resourceType: string;
  /** The FAILED record's last update, or when the lock expired. */
  sinceMs: number;
}

/** One revoke reconcile ran, and how it went. @example report.revoked.filter((r) => !r.ok); // revokes to look at */
export interface RevokedAccess {
  /** The record it ran with; for unrecorded access, the tombstone this run wrote. */
  grantId: string;
  username: string;
  resourceType: string;
  resources: string[];
  permission: string;
  reason: OrphanReason;
  ok: boolean;
  /** The error's name and message, when it failed or was skipped. */
  error?: string;
}

/**
 * What a reconcile run found and did: the answer of the reconcile event.
 * @example const { counts } = await harness.reconcile({ resourceTypes: ['project'], dryRun: true });
 */
export interface ReconcileReport {
  resourceTypes: string[];
  dryRun: boolean;
  counts: {
    records: number;
    accessEntries: number;
    orphaned: number;
    missing: number;
    uncertain: number;
    revoked: number;
    revokeFailed: number;
  };
  orphaned: OrphanedAccess[];
  missing: MissingAccess[];
  uncertain: UncertainRecord[];
  revoked: RevokedAccess[];
  /** For the operator: a resource type with nothing on either side, a list cut to `maxReportedEntries`. */
  warnings: string[];
}
