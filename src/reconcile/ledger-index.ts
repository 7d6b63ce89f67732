import type { GrantStore } from '../grants/grant-store';
import { GrantStatus, type GrantRecord } from '../grants/types/grant-record';

/**
 * What reconcile keeps of one grant record: enough to match and decide, never the
 * history or data (the record is read again before it is compensated), so that a
 * ledger of 100,000 records fits in tens of megabytes.
 */
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

/**
 * The key of one unit of access: a user's permission on one resource.
 *
 * @example
 * ```ts
 * accessKey('dana@example.com', 'project', 'proj-1', 'reader');
 * ```
 */
export function accessKey(username: string, resourceType: string, resource: string, permission: string): string {
  return [username, resourceType, resource, permission].join(SEPARATOR);
}

/**
 * The grant records of some resource types, read page by page from the store
 * and indexed by grant_id and by (username, resource type, resource, permission).
 *
 * @example
 * ```ts
 * const index = await LedgerIndex.read(store, ['project']);
 * index.byAccess('dana@example.com', 'project', 'proj-1', 'reader'); // the records granting it
 * ```
 */
export class LedgerIndex {
  private readonly byId = new Map<string, IndexedRecord>();
  private readonly byKey = new Map<string, IndexedRecord[]>();
  private readonly perType = new Map<string, number>();
  /** Pages the store returned (each one Scan on DynamoDB). */
  pagesRead = 0;

  /** Reads every grant record of `resourceTypes` from `store` (`beforeEachPage` may throw to stop, at the deadline). */
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

  /** How many records were indexed. */
  get size(): number {
    return this.byId.size;
  }

  /** How many records of `resourceType` were indexed. */
  countOf(resourceType: string): number {
    return this.perType.get(resourceType) ?? 0;
  }

  /** The indexed records, in no particular order. */
  records(): IterableIterator<IndexedRecord> {
    return this.byId.values();
  }

  /** The record of this grant_id, if indexed. */
  byGrantId(grantId: string): IndexedRecord | undefined {
    return this.byId.get(grantId);
  }

  /** The records whose grant covers this unit of access. */
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
