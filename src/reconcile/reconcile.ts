import type { GrantLedger } from '../grants/grant-ledger';
import type { GrantLock, GrantStore } from '../grants/grant-store';
import type { MethodRunOptions } from '../grants/method-run';
import type { GrantRecord } from '../grants/records';
import { checkedAccessEntries, type IndexedRecord, isUncertain, judgeOrphan, LedgerIndex, matchEntry, missingResources, type OrphanedUnits } from './access-matcher';
import type { OrphanReason, ReconcileOptions, ReconcileReport, RevokedAccess } from './types';

/** The grant_id prefix of the tombstones of unrecorded access reconcile revoked. */
export const RECONCILE_GRANT_ID_PREFIX = 'apono-lambda-kit:reconcile:';

/** Defaults of {@link ReconcileOptions}. @example bootstrap(PortalIntegration, { reconcile: { uncertainAfterMs: ReconcileDefaults.uncertainAfterMs * 2 } }); */
export const ReconcileDefaults = {
  revokeUnrecorded: false,
  uncertainAfterMs: 15 * 60 * 1000,
  maxReportedEntries: 1000,
} as const;

/** Access to revoke, as `@Revoke` is told it. */
export interface AccessToRevoke {
  grantId: string;
  username: string;
  resourceType: string;
  resources: string[];
  permission: string;
}

/** What one reconcile run needs from the invocation around it. */
export interface ReconcileRun {
  store: GrantStore;
  ledger: GrantLedger;
  resourceTypes: readonly string[];
  dryRun: boolean;
  options: ReconcileOptions;
  /** `Class.method`, for error messages. */
  label(resourceType: string): string;
  listAccess(resourceType: string): Promise<unknown>;
  /** Runs `@Revoke`; `record` is undefined for unrecorded access. */
  revoke(access: AccessToRevoke, record: GrantRecord | undefined): Promise<void>;
  /** The invocation's lock, deadline and logger, for each compensating revoke. */
  lock: GrantLock;
  runOptions: MethodRunOptions;
  now(): number;
  /** Names the tombstones of unrecorded access this run revokes. */
  runId: string;
}

interface Compensation {
  reason: OrphanReason;
  access: AccessToRevoke;
  /** Undefined for unrecorded access. */
  record: IndexedRecord | undefined;
}

function describeError(err: unknown): string {
  return (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, 500);
}

function accessOf(orphan: OrphanedUnits): AccessToRevoke {
  return { grantId: '', username: orphan.entry.username, resourceType: orphan.resourceType, resources: orphan.resources, permission: orphan.entry.permission };
}

/**
 * Checks the ledger against the application's access, then revokes what should be gone: docs/capabilities.md#reconcile.
 * @example const report = await reconcile({ store, ledger, resourceTypes: ['project'], dryRun: true, options: {}, ... });
 */
export async function reconcile(run: ReconcileRun): Promise<ReconcileReport> {
  const options = { ...ReconcileDefaults, ...run.options };
  const deadline = run.runOptions.deadline;
  const index = await LedgerIndex.read(run.store, run.resourceTypes, undefined, () => stopAtDeadline(deadline, 'reading the ledger'));
  const nowMs = run.now();
  const report = new BoundedReport(options.maxReportedEntries);
  // Judged as they stream in, the report capped: memory grows with the records, not the orphans.
  const compensations = new Map<string, Compensation>();
  const unrecorded: Compensation[] = [];
  let accessEntries = 0;
  for (const resourceType of run.resourceTypes) {
    let listed = 0;
    for await (const entry of checkedAccessEntries((await run.listAccess(resourceType)) as Iterable<unknown>, run.label(resourceType), resourceType)) {
      if (++listed % 1000 === 0) stopAtDeadline(deadline, `reading @ListAccess of ${resourceType}`);
      for (const orphan of matchEntry(index, entry, resourceType)) {
        const { reason, revoke } = judgeOrphan(orphan.record, nowMs, options.uncertainAfterMs, options.revokeUnrecorded);
        const record = orphan.record;
        report.add('orphaned', {
          username: orphan.entry.username,
          resourceType: orphan.resourceType,
          resources: orphan.resources,
          permission: orphan.entry.permission,
          ...(record === undefined ? (orphan.entry.grantId === undefined ? {} : { grantId: orphan.entry.grantId }) : { grantId: record.grantId, recordStatus: record.status }),
          reason,
          action: revoke ? 'revoke' : 'report',
        });
        if (!revoke || run.dryRun) continue;
        if (record === undefined) unrecorded.push({ reason, access: accessOf(orphan), record });
        else compensations.set(record.grantId, { reason, record, access: { ...accessOf(orphan), grantId: record.grantId } });
      }
    }
    accessEntries += listed;
    if (listed === 0 && index.countOf(resourceType) === 0) report.warnings.push(`resource type ${resourceType}: no grant record and no access in the application; check the name`);
  }

  for (const record of index.records()) {
    const resources = missingResources(record);
    if (resources.length > 0) report.add('missing', { grantId: record.grantId, username: record.username, resourceType: record.resourceType, resources, permission: record.permission });
    if (isUncertain(record, nowMs, options.uncertainAfterMs)) {
      report.add('uncertain', { grantId: record.grantId, status: record.status, resourceType: record.resourceType, sinceMs: record.lockExpiresAtMs ?? record.updatedAtMs });
    }
  }

  const revoked = await compensate(run, [...compensations.values(), ...unrecorded]);
  for (const entry of revoked) report.add('revoked', entry);
  return report.finish({ resourceTypes: [...run.resourceTypes], dryRun: run.dryRun, records: index.size, accessEntries, revokeFailed: revoked.filter((r) => !r.ok).length });
}

/** A run cut short answers with the deadline's error, rather than being killed. */
function stopAtDeadline(deadline: ReconcileRun['runOptions']['deadline'], doing: string): void {
  const tooLate = deadline?.tooLateToStart();
  if (tooLate !== undefined) {
    tooLate.message = `reconcile stopped while ${doing}: ${tooLate.message} Nothing was revoked; reconcile fewer resource types per run, or raise the timeout.`;
    throw tooLate;
  }
}

type Sections = Pick<ReconcileReport, 'orphaned' | 'missing' | 'uncertain' | 'revoked'>;

/** Each section counted in full and listed up to a cap. */
class BoundedReport {
  readonly warnings: string[] = [];
  private readonly sections: Sections = { orphaned: [], missing: [], uncertain: [], revoked: [] };
  private readonly counts = { orphaned: 0, missing: 0, uncertain: 0, revoked: 0 };
  private revokedOk = 0;

  constructor(private readonly cap: number) {}

  add<K extends keyof Sections>(section: K, entry: Sections[K][number]): void {
    this.counts[section]++;
    if (section === 'revoked' && (entry as RevokedAccess).ok) this.revokedOk++;
    if (this.sections[section].length < this.cap) (this.sections[section] as Array<Sections[K][number]>).push(entry);
  }

  finish(totals: { resourceTypes: string[]; dryRun: boolean; records: number; accessEntries: number; revokeFailed: number }): ReconcileReport {
    for (const section of Object.keys(this.counts) as Array<keyof Sections>) {
      if (this.counts[section] > this.cap) this.warnings.push(`${section}: ${this.counts[section]} entries, the first ${this.cap} listed (maxReportedEntries)`);
    }
    return {
      resourceTypes: totals.resourceTypes,
      dryRun: totals.dryRun,
      counts: {
        records: totals.records,
        accessEntries: totals.accessEntries,
        orphaned: this.counts.orphaned,
        missing: this.counts.missing,
        uncertain: this.counts.uncertain,
        revoked: this.revokedOk,
        revokeFailed: totals.revokeFailed,
      },
      ...this.sections,
      warnings: this.warnings,
    };
  }
}

/** One at a time; none starts once the deadline leaves no time. */
async function compensate(run: ReconcileRun, compensations: Compensation[]): Promise<RevokedAccess[]> {
  const done: RevokedAccess[] = [];
  let unrecordedCount = 0;
  for (const compensation of compensations) {
    const { reason, record } = compensation;
    // A tombstone of its own, named before the revoke runs, so a failure names it too.
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
