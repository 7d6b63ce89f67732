/** CredentialLedger on a given store: one record per (username, resourceType, sorted resources), never the secret. */
import { CredentialLedger } from '../../src/grants/credential-ledger';
import type { GrantStore } from '../../src/grants/grant-store';
import { credentialIdFor } from '../../src/grants/payload-hash';
import { TestClock, type StoreFactory } from './grant-fixtures';

const SECRET = 'S3CR3T-token-never-stored-9f2c';

export function describeCredentialLedgerContract(makeStore: StoreFactory, rawRecords?: (store: GrantStore) => Promise<string>): void {
  describe('CredentialLedger', () => {
    let store: GrantStore;
    let clock: TestClock;
    let ledger: CredentialLedger;
    const key = { username: 'ada@example.com', resourceType: 'database', resources: ['db-2', 'db-1'] };
    const issue = async () => ({ secret: SECRET });
    beforeEach(async () => {
      store = await makeStore();
      clock = new TestClock();
      ledger = new CredentialLedger(store, { now: clock.now });
    });

    it('create: returns the method result and records ACTIVE with the creation time', async () => {
      // Act
      const result = await ledger.track('create', key, 'req-1', issue);
      // Assess
      expect(result).toEqual({ secret: SECRET });
      const record = await store.getCredential(credentialIdFor(key));
      expect(record).toMatchObject({ username: key.username, resources: ['db-1', 'db-2'], status: 'ACTIVE', createdAtMs: clock.nowMs, resetCount: 0 });
      expect(record?.history).toEqual([{ action: 'create', to: 'ACTIVE', atMs: clock.nowMs, by: 'req-1' }]);
    });

    it('keys records by sorted resources: the same triple in another order updates the same record', async () => {
      // Prepare
      await ledger.track('create', key, 'req-1', issue);
      clock.advance(1_000);
      // Act
      await ledger.track('reset', { ...key, resources: ['db-1', 'db-2'] }, 'req-2', issue);
      // Assess
      const records = await store.listCredentials();
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ resetCount: 1, resetAtMs: clock.nowMs });
    });

    it('reset without a known create (credentials made before tracking): records ACTIVE with resetCount 1 and no creation time', async () => {
      // Act
      await ledger.track('reset', key, 'req-1', issue);
      // Assess
      const record = await store.getCredential(credentialIdFor(key));
      expect(record).toMatchObject({ status: 'ACTIVE', resetCount: 1, resetAtMs: clock.nowMs });
      expect(record).not.toHaveProperty('createdAtMs');
    });

    it('delete of unknown credentials: records DELETED', async () => {
      // Act
      await ledger.track('delete', key, 'req-1', async () => undefined);
      // Assess
      expect(await store.getCredential(credentialIdFor(key))).toMatchObject({ status: 'DELETED', deletedAtMs: clock.nowMs, resetCount: 0 });
    });

    it('create after delete: ACTIVE again with the reset count started over', async () => {
      // Prepare
      await ledger.track('create', key, 'a', issue);
      await ledger.track('reset', key, 'b', issue);
      await ledger.track('delete', key, 'c', async () => undefined);
      clock.advance(5);
      // Act
      await ledger.track('create', key, 'd', issue);
      // Assess
      const record = await store.getCredential(credentialIdFor(key));
      expect(record).toMatchObject({ status: 'ACTIVE', resetCount: 0, createdAtMs: clock.nowMs });
      expect(record?.history.map((t) => t.action)).toEqual(['create', 'reset', 'delete', 'create']);
    });

    it('a method that throws records nothing and its error reaches the caller unchanged', async () => {
      // Prepare
      const failure = new Error('directory down');
      // Act
      const result = ledger.track('create', key, 'req-1', async () => { throw failure; });
      // Assess
      await expect(result).rejects.toBe(failure);
      expect(await store.getCredential(credentialIdFor(key))).toBeUndefined();
    });

    it('never stores the secret the method returned', async () => {
      // Prepare
      await ledger.track('create', key, 'req-1', issue);
      // Act
      await ledger.track('reset', key, 'req-2', issue);
      // Assess
      const stored = JSON.stringify([await store.listCredentials(), await store.list()]);
      expect(stored).toContain(key.username);
      expect(stored).not.toContain(SECRET);
      if (rawRecords) expect(await rawRecords(store)).not.toContain(SECRET);
    });
  });
}
