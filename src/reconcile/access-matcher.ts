import type { GrantStore } from '../grants/grant-store';
import { type GrantRecord, GrantStatus } from '../grants/records';
import { InvalidAnswerError } from '../errors';
import type { AccessEntry } from '../protocol/requests';
import type { OrphanReason } from './types';

/** Only what matching needs, never history or data: 100,000 records fit in tens of MB. */
export interface IndexedRecord {
  readonly grantId: string;
  readonly status: GrantStatus;
  readonly username: string;
  readonly resourceType: string;
  readonly resources: readonly string[];
  readonly permission: string;
  readonly updatedAtMs: number;
  readonly lockExpiresAtMs?: number;
  /** Resources of a GRANTED record that the application showed. */
  seen?: Set<string>;
}

const SEPARATOR = '\u0000';

/** The key of one unit of access: a user's permission on one resource. @example accessKey('dana@example.com', 'project', 'proj-1', 'reader'); */
export function accessKey(username: string, resourceType: string, resource: string, permission: string): string {
  return [username, resourceType, resource, permission].join(SEPARATOR);
}

/**
 * The grant records of some resource types, indexed by grant_id and by access key.
 * @example (await LedgerIndex.read(store, ['project'])).byAccess('dana@example.com', 'project', 'proj-1', 'reader');
 */
export class LedgerIndex {
  private readonly byId = new Map<string, IndexedRecord>();
  private readonly byKey = new Map<string, IndexedRecord[]>();
  private readonly perType = new Map<string, number>();
  /** Pages read; each is one Scan on DynamoDB. */
  pagesRead = 0;

  /** Pages through every record and keeps those of `resourceTypes`; `beforeEachPage` may throw to stop. */
  static async read(store: GrantStore, resourceTypes: readonly string[], pageLimit?: number, beforeEachPage?: () => void): Promise<LedgerIndex> {
    const wanted = new Set(resourceTypes);
    const index = new LedgerIndex();
    let cursor: string | undefined;
    do {
      beforeEachPage?.();
      const page = await store.page({ cursor, limit: pageLimit });
      index.pagesRead++;
      for (const record of page.records) if (wanted.has(record.resourceType)) index.add(record);
      cursor = page.cursor;
    } while (cursor !== undefined);
    return index;
  }

  get size(): number {
    return this.byId.size;
  }

  countOf(resourceType: string): number {
    return this.perType.get(resourceType) ?? 0;
  }

  records(): IterableIterator<IndexedRecord> {
    return this.byId.values();
  }

  byGrantId(grantId: string): IndexedRecord | undefined {
    return this.byId.get(grantId);
  }

  byAccess(username: string, resourceType: string, resource: string, permission: string): readonly IndexedRecord[] {
    return this.byKey.get(accessKey(username, resourceType, resource, permission)) ?? [];
  }

  private add(record: GrantRecord): void {
    const indexed: IndexedRecord = {
      grantId: record.grantId,
      status: record.status,
      username: record.username,
      resourceType: record.resourceType,
      resources: [...record.resources],
      permission: record.permission,
      updatedAtMs: record.updatedAtMs,
      ...(record.lockExpiresAtMs === undefined ? {} : { lockExpiresAtMs: record.lockExpiresAtMs }),
      ...(record.status === GrantStatus.GRANTED ? { seen: new Set<string>() } : {}),
    };
    this.byId.set(record.grantId, indexed);
    this.perType.set(indexed.resourceType, this.countOf(indexed.resourceType) + 1);
    for (const resource of indexed.resources) {
      const key = accessKey(indexed.username, indexed.resourceType, resource, indexed.permission);
      const list = this.byKey.get(key);
      if (list === undefined) this.byKey.set(key, [indexed]);
      else list.push(indexed);
    }
  }
}

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
 * A `@ListAccess` method's entries, each checked and copied; a malformed one is an InvalidAnswerError.
 * @example for await (const entry of checkedAccessEntries(await listAccess(req), 'PortalIntegration.access', 'project')) index.match(entry);
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

function latest(records: readonly IndexedRecord[]): IndexedRecord | undefined {
  let found: IndexedRecord | undefined;
  for (const record of records) if (found === undefined || record.updatedAtMs > found.updatedAtMs) found = record;
  return found;
}

function covers(record: IndexedRecord, entry: AccessEntry, resourceType: string, resource: string): boolean {
  return record.resourceType === resourceType && record.username === entry.username && record.permission === entry.permission && record.resources.includes(resource);
}

/**
 * The resources of one entry that no GRANTED record accounts for, grouped by owning record (docs/capabilities.md#reconcile).
 * @example const orphaned = matchEntry(index, entry, 'project'); // [] when all of it is accounted for
 */
export function matchEntry(index: LedgerIndex, entry: AccessEntry, resourceType: string): OrphanedUnits[] {
  const orphans = new Map<IndexedRecord | undefined, string[]>();
  const named = entry.grantId === undefined ? undefined : index.byGrantId(entry.grantId);
  for (const resource of entry.resources) {
    const namedCovers = named !== undefined && covers(named, entry, resourceType, resource);
    if (namedCovers && named.status === GrantStatus.GRANTED) {
      named.seen?.add(resource);
      continue;
    }
    // Any live grant of the same access accounts for it, whatever grant_id the application tagged it with:
    // revoking the named (older) record would remove access a GRANTED record still holds.
    const records = index.byAccess(entry.username, resourceType, resource, entry.permission);
    const granted = records.filter((r) => r.status === GrantStatus.GRANTED);
    if (granted.length > 0) {
      for (const record of granted) record.seen?.add(resource);
      continue;
    }
    const owner = namedCovers ? named : latest(records);
    orphans.set(owner, [...(orphans.get(owner) ?? []), resource]);
  }
  return [...orphans].map(([record, resources]) => ({ entry, resourceType, resources, record }));
}

/**
 * Why access attributed to `record` is orphaned, and whether to revoke it now.
 * @example judgeOrphan(record, Date.now(), 15 * 60_000, false); // { reason: 'record-revoked', revoke: true }
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
  const expiredAtMs = record.lockExpiresAtMs ?? record.updatedAtMs;
  return nowMs - expiredAtMs >= uncertainAfterMs ? { reason: 'grant-abandoned', revoke: true } : { reason: 'too-recent', revoke: false };
}

/**
 * True for FAILED, or GRANTING/REVOKING with an expired lock, longer ago than the threshold.
 * @example [...index.records()].filter((r) => isUncertain(r, Date.now(), 15 * 60_000));
 */
export function isUncertain(record: IndexedRecord, nowMs: number, uncertainAfterMs: number): boolean {
  if (record.status === GrantStatus.FAILED) return nowMs - record.updatedAtMs >= uncertainAfterMs;
  if (record.status === GrantStatus.GRANTING || record.status === GrantStatus.REVOKING) {
    return nowMs - (record.lockExpiresAtMs ?? record.updatedAtMs) >= uncertainAfterMs;
  }
  return false;
}

/** The recorded resources of a GRANTED record that the application did not show. @example missingResources(record); // ['proj-2'] */
export function missingResources(record: IndexedRecord): string[] {
  if (record.status !== GrantStatus.GRANTED) return [];
  return record.resources.filter((resource) => !record.seen?.has(resource));
}
