/**
 * Reconcile at a moderate scale (DESIGN.md "Reconcile"; issue 8, item 5): thousands of
 * records read page by page, matched through the index keyed by (username, resource,
 * permission) or grantId, with exact counts, and an index that keeps one slim copy of
 * each record (never its history or data). Timings and memory are npm run bench's job
 * (test/bench/reconcile-scale.js), never asserted here.
 */
import { type AccessEntry, Grant, Integration, ListAccess, ListResources, Revoke } from 'apono-lambda-kit';
import { createTestHarness } from 'apono-lambda-kit/testing';
import type { GrantPage, GrantPageOptions } from '../../src/grants/grant-store';
import { MemoryGrantStore } from '../../src/grants/memory-grant-store';
import type { GrantIntent } from '../../src/grants/records';
import { LedgerIndex } from '../../src/reconcile/access-matcher';
import { seedRecord, START_MS } from '../grants/grant-fixtures';

const RECORDS = 5_000;
/** GRANTED records the application no longer shows. */
const MISSING = 25;
/** Access made by hand in the application (no record). */
const HAND_MADE = 25;
/** REVOKED records whose access the application still shows. */
const STILL_SHOWN_AFTER_REVOKE = 10;
const PAGE_LIMIT = 1_000;

/** The fields an indexed record may have: enough to match and decide, nothing more. */
const INDEXED_FIELDS = ['grantId', 'status', 'username', 'resourceType', 'resources', 'permission', 'updatedAtMs', 'lockExpiresAtMs', 'seen'];

function intentOf(i: number): GrantIntent {
  const resources = i % 10 === 0 ? [`proj-${i % 97}`, `proj-${(i + 1) % 97}`] : [`proj-${i % 97}`];
  return { grantId: `g-${i}`, username: `user-${i}@example.com`, resourceType: 'project', resources, permission: i % 10 === 3 ? 'admin' : 'reader' };
}

function revokedIntentOf(j: number): GrantIntent {
  return { grantId: `g-revoked-${j}`, username: `gone-${j}@example.com`, resourceType: 'project', resources: ['proj-1'], permission: 'reader' };
}

/** The application's access: every shown record (half by grantId), the revoked ones still there, and the hand-made ones. */
function* applicationEntries(): Generator<AccessEntry> {
  for (let i = 0; i < RECORDS - MISSING; i++) {
    const { grantId, username, resources, permission } = intentOf(i);
    yield i % 2 === 0 ? { username, resources, permission, grantId } : { username, resources, permission };
  }
  for (let j = 0; j < STILL_SHOWN_AFTER_REVOKE; j++) {
    const { username, resources, permission } = revokedIntentOf(j);
    yield { username, resources, permission };
  }
  for (let j = 0; j < HAND_MADE; j++) yield { username: `hand-${j}@example.com`, resources: [`proj-${j}`], permission: 'reader' };
}

class ScaleIntegration extends Integration {
  static override readonly resourceTypes = { project: ['reader', 'admin'] };

  @ListResources() list() { return { resources: [], permissions: [] }; }
  @Grant() grant() {}
  @Revoke() revoke() { throw new Error('a dry run must not revoke'); }

  @ListAccess()
  async *access() {
    let n = 0;
    for (const entry of applicationEntries()) {
      yield entry;
      // Paged, as a large application's API is.
      if (++n % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

/** A memory store that tells how it was read. */
class PagedStore extends MemoryGrantStore {
  readonly pages: { limit?: number; records: number }[] = [];
  override async page(options: GrantPageOptions = {}): Promise<GrantPage> {
    const page = await super.page(options);
    this.pages.push({ limit: options.limit, records: page.records.length });
    return page;
  }
}

async function seededStore(): Promise<PagedStore> {
  const store = new PagedStore();
  for (let i = 0; i < RECORDS; i++) {
    await seedRecord(store, intentOf(i), 'GRANTED', { atMs: START_MS + i, data: { membershipIds: intentOf(i).resources.map((_, k) => `m-${i}-${k}`) } });
  }
  for (let j = 0; j < STILL_SHOWN_AFTER_REVOKE; j++) await seedRecord(store, revokedIntentOf(j), 'REVOKED');
  store.pages.length = 0;
  return store;
}

describe('reconcile at scale: 5,000 records against 5,000 entries (memory store)', () => {
  let store: PagedStore;
  beforeAll(async () => {
    store = await seededStore();
  });

  it('reports exact counts: orphaned = hand-made + still shown after a revoke, missing = records not shown; a dry run revokes nothing', async () => {
    // Prepare
    const harness = createTestHarness(ScaleIntegration, { store });
    // Act
    const report = await harness.reconcile({ resourceTypes: ['project'], dryRun: true });
    // Assess
    expect(report.counts).toEqual({
      records: RECORDS + STILL_SHOWN_AFTER_REVOKE,
      accessEntries: RECORDS - MISSING + STILL_SHOWN_AFTER_REVOKE + HAND_MADE,
      orphaned: HAND_MADE + STILL_SHOWN_AFTER_REVOKE,
      missing: MISSING,
      uncertain: 0,
      revoked: 0,
      revokeFailed: 0,
    });
    expect(report.missing.map((m) => m.grantId).sort()).toEqual(Array.from({ length: MISSING }, (_, k) => `g-${RECORDS - MISSING + k}`).sort());
    expect(report.orphaned.filter((o) => o.reason === 'no-record' && o.action === 'report')).toHaveLength(HAND_MADE);
    expect(report.orphaned.filter((o) => o.reason === 'record-revoked' && o.action === 'revoke').map((o) => o.grantId).sort())
      .toEqual(Array.from({ length: STILL_SHOWN_AFTER_REVOKE }, (_, j) => `g-revoked-${j}`).sort());
    expect(report.revoked).toEqual([]);
  });

  it('reads the ledger page by page, each page at most 1,000 records, every record once', async () => {
    // Prepare
    store.pages.length = 0;
    const harness = createTestHarness(ScaleIntegration, { store });
    // Act
    await harness.reconcile({ resourceTypes: ['project'], dryRun: true });
    // Assess
    const total = RECORDS + STILL_SHOWN_AFTER_REVOKE;
    expect(store.pages).toHaveLength(Math.ceil(total / PAGE_LIMIT));
    expect(store.pages.every((p) => p.records <= PAGE_LIMIT)).toBe(true);
    expect(store.pages.reduce((sum, p) => sum + p.records, 0)).toBe(total);
  });

  it('indexes one slim copy of each record: no history, data or payload hash, the same object under its grantId and its access keys', async () => {
    // Act
    const index = await LedgerIndex.read(store, ['project']);
    // Assess
    expect(index.size).toBe(RECORDS + STILL_SHOWN_AFTER_REVOKE);
    expect(index.pagesRead).toBe(Math.ceil((RECORDS + STILL_SHOWN_AFTER_REVOKE) / PAGE_LIMIT));
    const extraFields = new Set<string>();
    for (const record of index.records()) for (const key of Object.keys(record)) if (!INDEXED_FIELDS.includes(key)) extraFields.add(key);
    expect([...extraFields]).toEqual([]);
    for (let i = 0; i < RECORDS; i += 97) {
      const { grantId, username, resourceType, resources, permission } = intentOf(i);
      const byId = index.byGrantId(grantId);
      for (const resource of resources) expect(index.byAccess(username, resourceType, resource, permission)).toEqual([expect.anything()]);
      for (const resource of resources) expect(index.byAccess(username, resourceType, resource, permission)[0]).toBe(byId);
    }
  });

  it('keeps nothing of a resource type it was not asked for', async () => {
    // Act
    const index = await LedgerIndex.read(store, ['group']);
    // Assess
    expect(index.size).toBe(0);
    expect(index.pagesRead).toBe(Math.ceil((RECORDS + STILL_SHOWN_AFTER_REVOKE) / PAGE_LIMIT));
  });
});
