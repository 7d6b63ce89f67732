import { type CredentialListOptions, type CredentialLockResult, type CredentialRelease, type CredentialWrite, type CredentialWriteResult, DEFAULT_LIST_LIMIT, DEFAULT_PAGE_LIMIT, type GrantListOptions, type GrantLock, type GrantPage, type GrantPageOptions, type GrantPutExpectation, type GrantRevokeLock, type GrantStore, type GrantWriteResult } from './grant-store';
import { GrantTableSchema } from './dynamodb/grant-table';
import { DYNAMODB_ITEM_LIMIT_BYTES, dynamoItemBytes } from './record-bounds';
import { type CredentialRecord, type GrantRecord, GrantStatus, type GrantTransition } from './records';

/** DynamoDB's refusal of an item over 400 KB, so that a record outgrowing its budgets fails here too. */
function assertFitsItemLimit(keyAttribute: string, record: object): void {
  // A JSON character costs at most 3 bytes (8 leaves a wide margin): most records skip the exact count.
  if ((JSON.stringify(record).length + keyAttribute.length + 8) * 8 <= DYNAMODB_ITEM_LIMIT_BYTES) return;
  const bytes = dynamoItemBytes({ ...record, [GrantTableSchema.partitionKey]: keyAttribute });
  if (bytes > DYNAMODB_ITEM_LIMIT_BYTES) {
    const err = new Error(`Item size to update has exceeded the maximum allowed size (${bytes} bytes)`);
    err.name = 'ValidationException';
    throw err;
  }
}

/** A deep copy, by hand: structuredClone of a whole record costs ~4 µs of the 50 µs budget per grant. */
function copyRecord(record: GrantRecord): GrantRecord {
  const copy: GrantRecord = { ...record, resources: [...record.resources], history: record.history.map((t) => ({ ...t })) };
  if (record.data !== undefined) copy.data = structuredClone(record.data);
  return copy;
}

/** A record once an event was recorded, or only a lock while a first event runs (no status yet). */
type CredentialItem = Partial<CredentialRecord> & { credentialId: string };

function isRecord(item: CredentialItem | undefined): item is CredentialRecord {
  return item?.status !== undefined;
}

/** A copy without `undefined` fields, as DynamoDB (which cannot store them) keeps none. */
function definedFields<T extends object>(fields: T): T {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) {
    const value = (fields as Record<string, unknown>)[key];
    if (value !== undefined) copy[key] = value;
  }
  return copy as T;
}

/**
 * A {@link GrantStore} in process memory, for tests and local runs, with `DynamoDbGrantStore`'s conditions
 * and updates. Not durable. See docs/grant-ledger.md#memory-store.
 * @example
 * ```ts
 * const store = new MemoryGrantStore();
 * const harness = createTestHarness(PortalIntegration, { store });
 * await harness.grant({ grantId: 'g-1' });
 * expect((await store.get('g-1'))?.status).toBe('GRANTED');
 * ```
 */
export class MemoryGrantStore implements GrantStore {
  readonly durable = false;
  private readonly grants = new Map<string, GrantRecord>();
  /** grant_ids in the order first written (records are never deleted): pages slice it. */
  private readonly order: string[] = [];
  private readonly credentials = new Map<string, CredentialItem>();

  /** @example `await store.get('g-1')` */
  async get(grantId: string): Promise<GrantRecord | undefined> {
    const record = this.grants.get(grantId);
    return record === undefined ? undefined : copyRecord(record);
  }

  /** @example `await store.put({ ...record, version: 1 }, { absent: true })` */
  async put(record: GrantRecord, expected: GrantPutExpectation): Promise<GrantWriteResult> {
    const existing = this.grants.get(record.grantId);
    const holds = 'absent' in expected ? existing === undefined : existing !== undefined && (existing.version ?? 0) === expected.version;
    if (!holds) return existing === undefined ? { applied: false } : { applied: false, current: copyRecord(existing) };
    // DynamoDB keeps no undefined fields, at the top or in history entries.
    return this.store(copyRecord({ ...definedFields(record), history: record.history.map((t) => definedFields(t)) }));
  }

  /** @example `await store.lockGranted('g-1', { lockOwner: 'req-1', lockExpiresAtMs, updatedAtMs: now }, entry)` */
  async lockGranted(grantId: string, lock: GrantRevokeLock, entry: GrantTransition): Promise<GrantWriteResult> {
    const existing = this.grants.get(grantId);
    if (existing?.status !== GrantStatus.GRANTED) return existing === undefined ? { applied: false } : { applied: false, current: copyRecord(existing) };
    return this.store({
      ...copyRecord(existing),
      ...lock,
      status: GrantStatus.REVOKING,
      history: [...existing.history.map((t) => ({ ...t })), definedFields({ ...entry })],
      version: (existing.version ?? 0) + 1,
    });
  }

  /** Keeps `record` (a copy nobody else holds) if it fits DynamoDB's item limit. */
  private store(record: GrantRecord): GrantWriteResult {
    assertFitsItemLimit(`${GrantTableSchema.grantKeyPrefix}${record.grantId}`, record);
    if (!this.grants.has(record.grantId)) this.order.push(record.grantId);
    this.grants.set(record.grantId, record);
    return { applied: true, record: copyRecord(record) };
  }

  /** @example `await store.list({ status: 'GRANTED', limit: 20 })` */
  async list(options: GrantListOptions = {}): Promise<GrantRecord[]> {
    const limit = options.limit ?? DEFAULT_LIST_LIMIT;
    const found: GrantRecord[] = [];
    for (const record of this.grants.values()) {
      if (found.length >= limit) break;
      if (options.status === undefined || record.status === options.status) found.push(copyRecord(record));
    }
    return found;
  }

  /** @example `const { records, cursor } = await store.page({ limit: 500 })` */
  async page(options: GrantPageOptions = {}): Promise<GrantPage> {
    const start = options.cursor === undefined ? 0 : Number(options.cursor);
    if (!Number.isSafeInteger(start) || start < 0) throw new TypeError('MemoryGrantStore.page: invalid cursor');
    const end = start + (options.limit ?? DEFAULT_PAGE_LIMIT);
    const records = this.order.slice(start, end).map((grantId) => copyRecord(this.grants.get(grantId) as GrantRecord));
    return end < this.order.length ? { records, cursor: String(end) } : { records };
  }

  /** @example `await store.getCredential(credentialIdFor(key))` */
  async getCredential(credentialId: string): Promise<CredentialRecord | undefined> {
    const item = this.credentials.get(credentialId);
    return isRecord(item) ? structuredClone(item) : undefined;
  }

  /** @example `await store.lockCredential(credentialId, { owner: 'req-1', expiresAtMs }, Date.now())` */
  async lockCredential(credentialId: string, lock: GrantLock, nowMs: number): Promise<CredentialLockResult> {
    const existing = this.credentials.get(credentialId);
    // Its own lock passes, as on DynamoDB (where a lock write resent after a lost response meets it).
    const heldByAnother = existing?.lockOwner !== lock.owner;
    if (heldByAnother && existing?.lockExpiresAtMs !== undefined && existing.lockExpiresAtMs > nowMs) {
      return { locked: false, lockExpiresAtMs: existing.lockExpiresAtMs };
    }
    const next: CredentialItem = { ...existing, credentialId, lockOwner: lock.owner, lockExpiresAtMs: lock.expiresAtMs };
    this.credentials.set(credentialId, next);
    return isRecord(next) ? { locked: true, record: structuredClone(next) } : { locked: true };
  }

  /** @example `await store.writeCredential(id, { lockOwner: 'req-1', set, resetCount: 'increment', appendHistory })` */
  async writeCredential(credentialId: string, write: CredentialWrite): Promise<CredentialWriteResult> {
    const existing = this.credentials.get(credentialId);
    if (existing === undefined || existing.lockOwner !== write.lockOwner) return { applied: false };
    const previousCount = existing.resetCount ?? 0;
    const resetCount =
      write.resetCount === 'zero' ? 0 : write.resetCount === 'increment' ? previousCount + 1 : previousCount;
    const next = structuredClone({
      ...existing,
      ...definedFields(write.set),
      credentialId,
      resetCount,
      lockOwner: undefined,
      lockExpiresAtMs: undefined,
      history: [...(write.keptHistory ?? existing.history ?? []), definedFields(write.appendHistory)],
    });
    const record = definedFields(next) as CredentialRecord;
    assertFitsItemLimit(`${GrantTableSchema.credentialKeyPrefix}${credentialId}`, record);
    this.credentials.set(credentialId, record);
    return { applied: true, record: structuredClone(record) };
  }

  /** @example `await store.releaseCredential(credentialId, { owner: 'req-1', forget: false })` */
  async releaseCredential(credentialId: string, release: CredentialRelease): Promise<boolean> {
    const existing = this.credentials.get(credentialId);
    if (existing === undefined || existing.lockOwner !== release.owner) return false;
    // As on DynamoDB: a `forget` release spares a recorded event, and leaves only the id, which reads skip.
    if (release.forget && isRecord(existing)) return false;
    this.credentials.set(credentialId, definedFields({ ...existing, lockOwner: undefined, lockExpiresAtMs: undefined }));
    return true;
  }

  /** @example `await store.listCredentials({ limit: 20 })` */
  async listCredentials(options: CredentialListOptions = {}): Promise<CredentialRecord[]> {
    const records = [...this.credentials.values()].filter(isRecord);
    return records.slice(0, options.limit ?? DEFAULT_LIST_LIMIT).map((r) => structuredClone(r));
  }
}
