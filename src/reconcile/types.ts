import type { GrantStatus } from '../grants/records';

/**
 * Options of reconcile (`bootstrap(Cls, { reconcile })`).
 * @example export const handler = bootstrap(PortalIntegration, { store, reconcile: { revokeUnrecorded: true } });
 */
export interface ReconcileOptions {
  /** Also revoke access no grant record accounts for (made by hand). Default false: reported only. */
  revokeUnrecorded?: boolean;
  /**
   * How old a FAILED record, or an expired GRANTING/REVOKING lock, must be before
   * reconcile calls it uncertain and takes back its access: younger, Apono may still
   * be retrying. Default 15 minutes.
   */
  uncertainAfterMs?: number;
  /** Entries listed per section of the report (counts are always exact). Default 1,000. */
  maxReportedEntries?: number;
}

/** Why reconcile found access orphaned, and so what it does with it. */
export type OrphanReason =
  /** Its grant was revoked, yet the access is there: revoked again. */
  | 'record-revoked'
  /** Its grant failed (older than the threshold), yet the access is there: revoked. */
  | 'record-failed'
  /** Its grant was abandoned (lock expired longer ago than the threshold): revoked. */
  | 'grant-abandoned'
  /** Its record is FAILED, or locked, too recently to tell: left for a later run. */
  | 'too-recent'
  /** No grant record accounts for it (made by hand): reported, revoked only with `revokeUnrecorded`. */
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
  /** The grant record it was matched to (by the entry's grantId, or by username, resource and permission). */
  grantId?: string;
  recordStatus?: GrantStatus;
  reason: OrphanReason;
  /** What this run did (or, in a dry run, would do) about it. */
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
 * A record whose outcome is unknown: FAILED, or GRANTING/REVOKING with a lock that
 * expired, longer ago than `uncertainAfterMs`.
 * @example report.uncertain.filter((u) => u.status === 'GRANTING'); // grants abandoned by a dead instance
 */
export interface UncertainRecord {
  grantId: string;
  status: GrantStatus;
  resourceType: string;
  /** Since when: the FAILED record's last update, or when the lock expired. */
  sinceMs: number;
}

/**
 * One revoke reconcile ran, and how it went.
 * @example report.revoked.filter((r) => !r.ok); // revokes to look at
 */
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
 * What a reconcile run found and did (the answer of the reconcile event).
 *
 * @example
 * ```ts
 * const report = await harness.reconcile({ resourceTypes: ['project'], dryRun: true });
 * expect(report.counts.orphaned).toBe(0);
 * ```
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
  /** Notes for the operator (a resource type with nothing on either side, a list cut to `maxReportedEntries`). */
  warnings: string[];
}
