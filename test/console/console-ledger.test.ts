import { setLocalStoreOverride } from '../../src/bootstrap/options';
import { ConsoleLedger } from '../../src/console/console-ledger';
import { GrantStatus, type GrantRecord } from '../../src/grants/records';
import { MemoryGrantStore } from '../../src/grants/memory-grant-store';

/** What the console's ledger panel reads: the newest records of the store `serve --store memory` keeps. */

function record(index: number): GrantRecord {
  return {
    grantId: `g-${index}`,
    username: 'dana@example.com',
    resourceType: 'project',
    resources: ['proj-billing'],
    permission: 'reader',
    payloadHash: 'h',
    status: GrantStatus.GRANTED,
    data: { membershipId: `m-${index}`, api_token: 'tok-never-shown' },
    lockOwner: 'req-1',
    createdAtMs: index,
    updatedAtMs: index,
    history: [],
  };
}

/** A memory store holding `count` records, the newest written last (so paged last). */
async function storeOf(count: number): Promise<MemoryGrantStore> {
  const store = new MemoryGrantStore();
  for (let index = 0; index < count; index += 1) await store.put(record(index), { absent: true });
  return store;
}

describe('ConsoleLedger', () => {
  afterEach(() => setLocalStoreOverride(undefined));

  test('shows the newest 500 records even when they are paged last, past the first 2,000', async () => {
    // Prepare
    setLocalStoreOverride(await storeOf(2_600));

    // Act
    const view = await new ConsoleLedger({ store: 'memory' }).read();

    // Assess
    if (!view.readable) throw new Error(view.reason);
    expect(view.records).toHaveLength(500);
    expect(view.records[0]?.grantId).toBe('g-2599');
    expect(view.records[499]?.grantId).toBe('g-2100');
    expect(view.truncated).toBe(true);
  });

  test('a small ledger is shown whole, newest first, without lock internals or secret-looking data', async () => {
    // Prepare
    setLocalStoreOverride(await storeOf(3));

    // Act
    const view = await new ConsoleLedger({ store: 'memory' }).read();

    // Assess
    if (!view.readable) throw new Error(view.reason);
    expect(view.records.map((row) => row.grantId)).toEqual(['g-2', 'g-1', 'g-0']);
    expect(view.truncated).toBe(false);
    expect(view.records[0]).not.toHaveProperty('lockOwner');
    expect(view.records[0]).not.toHaveProperty('payloadHash');
    expect(JSON.stringify(view)).not.toContain('tok-never-shown');
  });

  test('a module store is not read, and the view says why', async () => {
    // Act
    const view = await new ConsoleLedger({ store: 'module' }).read();

    // Assess
    expect(view).toEqual({ readable: false, reason: expect.stringContaining('--store module') });
  });
});
