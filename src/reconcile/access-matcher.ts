import { InvalidAnswerError } from '../errors';
import type { AccessEntry } from '../protocol/requests';
import { GrantStatus } from '../grants/types/grant-record';
import type { IndexedRecord, LedgerIndex } from './ledger-index';
import type { OrphanReason } from './types';

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** The first rule `entry` breaks, as `field: rule`, or undefined. Never echoes a value. */
function problemOf(entry: unknown): string | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return 'must be an object { username, resources, permission, grantId? }';
  const e = entry as Record<string, unknown>;
  if (!isNonEmptyString(e.username)) return 'username: must be a non-empty string';
  if (!Array.isArray(e.resources) || e.resources.length === 0 || !e.resources.every(isNonEmptyString)) {
    return 'resources: must be a non-empty array of non-empty strings';
  }
  if (!isNonEmptyString(e.permission)) return 'permission: must be a non-empty string';
  if (e.grantId !== undefined && !isNonEmptyString(e.grantId)) return 'grantId: must be a non-empty string when given';
  return undefined;
}

/**
 * The entries a `@ListAccess` method returned (an array, any iterable, or an async
 * iterable), each checked and copied (never aliasing the method's objects, never
 * reading inherited keys). A malformed entry is an InvalidAnswerError naming its
 * index and field, raised before reconcile changes anything.
 *
 * @example
 * ```ts
 * for await (const entry of checkedAccessEntries(await listAccess(req), 'PortalIntegration.access', 'project')) index.match(entry);
 * ```
 */
export async function* checkedAccessEntries(
  source: Iterable<unknown> | AsyncIterable<unknown>,
  label: string,
  resourceType: string,
): AsyncGenerator<AccessEntry> {
  if (source === null || typeof source !== 'object' || (!(Symbol.iterator in source) && !(Symbol.asyncIterator in source))) {
    throw new InvalidAnswerError(`${label} (@ListAccess) for resource type ${resourceType} must return an array or an (async) iterable of access entries`);
  }
  let index = 0;
  for await (const entry of source as AsyncIterable<unknown>) {
    const problem = problemOf(entry);
    if (problem !== undefined) {
      throw new InvalidAnswerError(`${label} (@ListAccess) for resource type ${resourceType}: entries[${index}].${problem}; nothing was revoked.`);
    }
    const e = entry as AccessEntry;
    const copy: AccessEntry = { username: e.username, resources: [...e.resources], permission: e.permission };
    if (e.grantId !== undefined) copy.grantId = e.grantId;
    yield copy;
    index++;
  }
}

/** Orphaned access of one entry, with the record it belongs to (if any). */
export interface OrphanedUnits {
  entry: AccessEntry;
  resourceType: string;
  resources: string[];
  record: IndexedRecord | undefined;
}

/** The most recently updated of `records`. */
function latest(records: readonly IndexedRecord[]): IndexedRecord | undefined {
  let found: IndexedRecord | undefined;
  for (const record of records) if (found === undefined || record.updatedAtMs > found.updatedAtMs) found = record;
  return found;
}

function covers(record: IndexedRecord, entry: AccessEntry, resourceType: string, resource: string): boolean {
  return record.resourceType === resourceType && record.username === entry.username && record.permission === entry.permission && record.resources.includes(resource);
}

/**
 * Matches the application's access against the ledger, one entry at a time: each
 * (username, resource, permission) is accounted for by a GRANTED record — the
 * entry's own `grantId`'s when it names one, else any that grants it — or it is
 * orphaned, attributed to the latest record that granted it, if any.
 *
 * @example
 * ```ts
 * const orphaned = matchEntry(index, entry, 'project'); // undefined when all of it is accounted for
 * ```
 */
export function matchEntry(index: LedgerIndex, entry: AccessEntry, resourceType: string): OrphanedUnits[] {
  const orphans = new Map<IndexedRecord | undefined, string[]>();
  const named = entry.grantId === undefined ? undefined : index.byGrantId(entry.grantId);
  for (const resource of entry.resources) {
    let owner: IndexedRecord | undefined;
    if (named !== undefined && covers(named, entry, resourceType, resource)) {
      if (named.status === GrantStatus.GRANTED) {
        named.seen?.add(resource);
        continue;
      }
      owner = named;
    } else {
      const records = index.byAccess(entry.username, resourceType, resource, entry.permission);
      const granted = records.filter((r) => r.status === GrantStatus.GRANTED);
      if (granted.length > 0) {
        for (const record of granted) record.seen?.add(resource);
        continue;
      }
      owner = latest(records);
    }
    orphans.set(owner, [...(orphans.get(owner) ?? []), resource]);
  }
  return [...orphans].map(([record, resources]) => ({ entry, resourceType, resources, record }));
}

/**
 * Why access attributed to `record` is orphaned, and whether it is to be revoked now.
 *
 * @example
 * ```ts
 * judgeOrphan(record, Date.now(), 15 * 60_000, false); // { reason: 'record-revoked', revoke: true }
 * ```
 */
export function judgeOrphan(
  record: IndexedRecord | undefined,
  nowMs: number,
  uncertainAfterMs: number,
  revokeUnrecorded: boolean,
): { reason: OrphanReason; revoke: boolean } {
  if (record === undefined) return { reason: 'no-record', revoke: revokeUnrecorded };
  if (record.status === GrantStatus.REVOKED) return { reason: 'record-revoked', revoke: true };
  if (record.status === GrantStatus.FAILED) {
    return nowMs - record.updatedAtMs >= uncertainAfterMs ? { reason: 'record-failed', revoke: true } : { reason: 'too-recent', revoke: false };
  }
  // GRANTING or REVOKING: abandoned once its lock expired longer ago than the threshold.
  const expiredAtMs = record.lockExpiresAtMs ?? record.updatedAtMs;
  return nowMs - expiredAtMs >= uncertainAfterMs ? { reason: 'grant-abandoned', revoke: true } : { reason: 'too-recent', revoke: false };
}

/**
 * True when a record's outcome is unknown: FAILED, or GRANTING/REVOKING with a lock that expired, longer ago than the threshold.
 *
 * @example
 * ```ts
 * [...index.records()].filter((r) => isUncertain(r, Date.now(), 15 * 60_000));
 * ```
 */
export function isUncertain(record: IndexedRecord, nowMs: number, uncertainAfterMs: number): boolean {
  if (record.status === GrantStatus.FAILED) return nowMs - record.updatedAtMs >= uncertainAfterMs;
  if (record.status === GrantStatus.GRANTING || record.status === GrantStatus.REVOKING) {
    return nowMs - (record.lockExpiresAtMs ?? record.updatedAtMs) >= uncertainAfterMs;
  }
  return false;
}

/**
 * The recorded resources of a GRANTED record that the application did not show.
 *
 * @example
 * ```ts
 * missingResources(record); // ['proj-2']
 * ```
 */
export function missingResources(record: IndexedRecord): string[] {
  if (record.status !== GrantStatus.GRANTED) return [];
  return record.resources.filter((resource) => !record.seen?.has(resource));
}
