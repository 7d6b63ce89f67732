import type { GrantLedger } from '../grants/grant-ledger';
import type { GrantLock } from '../grants/grant-lock';
import type { GrantStore } from '../grants/grant-store';
import type { MethodRunOptions } from '../grants/method-run';
import type { GrantRecord } from '../grants/types/grant-record';
import { checkedAccessEntries } from './access-entries';
import { isUncertain, judgeOrphan, matchEntry, missingResources, type OrphanedUnits } from './access-matcher';
import { LedgerIndex, type IndexedRecord } from './ledger-index';
import type { MissingAccess, OrphanedAccess, OrphanReason, ReconcileOptions, ReconcileReport, RevokedAccess, UncertainRecord } from './types';

/** The prefix of the grant_ids of tombstones reconcile writes for unrecorded access it revoked. */
export const RECONCILE_GRANT_ID_PREFIX = 'apono-lambda-kit:reconcile:';

/**
 * Defaults of {@link ReconcileOptions}.
 *
 * @example
 * ```ts
 * bootstrap(PortalIntegration, { reconcile: { uncertainAfterMs: ReconcileDefaults.uncertainAfterMs * 2 } });
 * ```
 */
export const ReconcileDefaults = {
  revokeUnrecorded: false,
  uncertainAfterMs: 15 * 60 * 1000,
  maxReportedEntries: 1000,
} as const;

/** Access to revoke: who holds what, as `@Revoke` is told it. */
export interface AccessToRevoke {
  grantId: string;
  username: string;
  resourceType: string;
  resources: string[];
  permission: string;
}

/** Everything one reconcile run needs from the invocation around it. */
export interface ReconcileRun {
  store: GrantStore;
  ledger: GrantLedger;
  resourceTypes: readonly string[];
  dryRun: boolean;
  options: ReconcileOptions;
  /** `Class.method` of the `@ListAccess` method, for error messages. */
  label: string;
  /** Runs `@ListAccess` for one resource type. */
  listAccess(resourceType: string): Promise<unknown>;
  /** Runs `@Revoke` for `access`, with its grant record (undefined for unrecorded access or a tombstone). */
  revoke(access: AccessToRevoke, record: GrantRecord | undefined): Promise<void>;
  /** The invocation's lock, for each compensating revoke. */
  lock: GrantLock;
  /** The invocation's deadline and logger, for each compensating revoke. */
  runOptions: MethodRunOptions;
  now(): number;
  /** Unique per run: names the tombstones of unrecorded access it revokes. */
  runId: string;
}

/** One revoke a run will make. */
interface Compensation {
  reason: OrphanReason;
  access: AccessToRevoke;
  /** The record to compensate; undefined for unrecorded access. */
  record: IndexedRecord | undefined;
}

function describeError(err: unknown): string {
  return (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, 500);
}

function accessOf(orphan: OrphanedUnits): AccessToRevoke {
  return { grantId: '', username: orphan.entry.username, resourceType: orphan.resourceType, resources: orphan.resources, permission: orphan.entry.permission };
}

/**
 * Checks the grant ledger against the access that exists in the application
 * (DESIGN.md, "Reconcile"): reads the ledger's records of the resource types page
 * by page into an index, streams each type's `@ListAccess` entries through it, and
 * then — only once every entry was read and checked — revokes what should be gone.
 * Access a live GRANTED record accounts for is never revoked; a record is
 * compensated through `@Revoke` with the whole record and ends REVOKED.
 *
 * @example
 * ```ts
 * const report = await reconcile({ store, ledger, resourceTypes: ['project'], dryRun: true, options: {}, ... });
 * ```
 */
export async function reconcile(run: ReconcileRun): Promise<ReconcileReport> {
  const options = { ...ReconcileDefaults, ...run.options };
  const index = await LedgerIndex.read(run.store, run.resourceTypes);
  const orphans: OrphanedUnits[] = [];
  const warnings: string[] = [];
  let accessEntries = 0;
  for (const resourceType of run.resourceTypes) {
    let listed = 0;
    for await (const entry of checkedAccessEntries((await run.listAccess(resourceType)) as Iterable<unknown>, run.label, resourceType)) {
      listed++;
      orphans.push(...matchEntry(index, entry, resourceType));
    }
    accessEntries += listed;
    if (listed === 0 && index.countOf(resourceType) === 0) warnings.push(`resource type ${resourceType}: no grant record and no access in the application; check the name`);
  }

  const nowMs = run.now();
  const orphaned: OrphanedAccess[] = [];
  const compensations = new Map<string, Compensation>();
  const unrecorded: Compensation[] = [];
  for (const orphan of orphans) {
    const { reason, revoke } = judgeOrphan(orphan.record, nowMs, options.uncertainAfterMs, options.revokeUnrecorded);
    const record = orphan.record;
    orphaned.push({
      username: orphan.entry.username,
      resourceType: orphan.resourceType,
      resources: orphan.resources,
      permission: orphan.entry.permission,
      ...(record === undefined ? (orphan.entry.grantId === undefined ? {} : { grantId: orphan.entry.grantId }) : { grantId: record.grantId, recordStatus: record.status }),
      reason,
      action: revoke ? 'revoke' : 'report',
    });
    if (!revoke) continue;
    if (record === undefined) unrecorded.push({ reason, access: accessOf(orphan), record });
    else compensations.set(record.grantId, { reason, record, access: { ...accessOf(orphan), grantId: record.grantId } });
  }

  const missing: MissingAccess[] = [];
  const uncertain: UncertainRecord[] = [];
  for (const record of index.records()) {
    const resources = missingResources(record);
    if (resources.length > 0) missing.push({ grantId: record.grantId, username: record.username, resourceType: record.resourceType, resources, permission: record.permission });
    if (isUncertain(record, nowMs, options.uncertainAfterMs)) {
      uncertain.push({ grantId: record.grantId, status: record.status, resourceType: record.resourceType, sinceMs: record.lockExpiresAtMs ?? record.updatedAtMs });
    }
  }

  const revoked = run.dryRun ? [] : await compensate(run, [...compensations.values(), ...unrecorded]);
  const cap = <T>(list: T[], name: string): T[] => {
    if (list.length <= options.maxReportedEntries) return list;
    warnings.push(`${name}: ${list.length} entries, the first ${options.maxReportedEntries} listed (maxReportedEntries)`);
    return list.slice(0, options.maxReportedEntries);
  };
  return {
    resourceTypes: [...run.resourceTypes],
    dryRun: run.dryRun,
    counts: {
      records: index.size,
      accessEntries,
      orphaned: orphaned.length,
      missing: missing.length,
      uncertain: uncertain.length,
      revoked: revoked.filter((r) => r.ok).length,
      revokeFailed: revoked.filter((r) => !r.ok).length,
    },
    orphaned: cap(orphaned, 'orphaned'),
    missing: cap(missing, 'missing'),
    uncertain: cap(uncertain, 'uncertain'),
    revoked: cap(revoked, 'revoked'),
    warnings,
  };
}

/** Runs the revokes, one at a time, until the deadline leaves no time to start one. */
async function compensate(run: ReconcileRun, compensations: Compensation[]): Promise<RevokedAccess[]> {
  const done: RevokedAccess[] = [];
  let unrecordedCount = 0;
  for (const compensation of compensations) {
    const { reason, record } = compensation;
    // Unrecorded access is revoked under a tombstone of its own: named before it runs, so a failure names it too.
    const access = record === undefined ? { ...compensation.access, grantId: `${RECONCILE_GRANT_ID_PREFIX}${run.runId}:${++unrecordedCount}` } : compensation.access;
    const tooLate = run.runOptions.deadline?.tooLateToStart();
    if (tooLate !== undefined) {
      done.push({ ...access, reason, ok: false, error: `not run: ${describeError(tooLate)}` });
      continue;
    }
    try {
      if (record !== undefined) {
        const outcome = await run.ledger.compensate(record.grantId, run.lock, (full) => run.revoke(full === undefined ? access : fromRecord(full), full),
          { ...run.runOptions, note: `reconcile ${run.runId}: access left behind (${reason}) revoked` });
        done.push(outcome === undefined
          ? { ...access, reason, ok: false, error: 'not run: the record was granted or locked since it was read; the next run decides again' }
          : { ...access, reason, ok: true });
      } else {
        await run.ledger.revoke(access, run.lock, () => run.revoke(access, undefined), run.runOptions);
        done.push({ ...access, reason, ok: true });
      }
    } catch (err) {
      done.push({ ...access, reason, ok: false, error: describeError(err) });
    }
  }
  return done;
}

function fromRecord(record: GrantRecord): AccessToRevoke {
  return { grantId: record.grantId, username: record.username, resourceType: record.resourceType, resources: [...record.resources], permission: record.permission };
}
