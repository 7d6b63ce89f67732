/** CredentialLedger on a given store: one record per (username, resourceType, sorted resources), never the secret. */
import { DeadlineExceededError, isIntegrationError } from '../../src/errors';
import { CredentialLedger } from '../../src/grants/credential-ledger';
import type { GrantStore } from '../../src/grants/grant-store';
import { credentialIdFor } from '../../src/grants/records';
import { deferred, LOCK_MS, TestClock, type StoreFactory } from './grant-fixtures';
import { ReleaseFailingStore } from './store-wrappers';

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
      const result = await ledger.track('create', key, clock.lock('req-1'), issue);
      // Assess
      expect(result).toEqual({ secret: SECRET });
      const record = await store.getCredential(credentialIdFor(key));
      expect(record).toMatchObject({ username: key.username, resources: ['db-1', 'db-2'], status: 'ACTIVE', createdAtMs: clock.nowMs, resetCount: 0 });
      expect(record?.history).toEqual([{ action: 'create', to: 'ACTIVE', atMs: clock.nowMs, by: 'req-1' }]);
    });

    it('keys records by sorted resources: the same triple in another order updates the same record', async () => {
      // Prepare
      await ledger.track('create', key, clock.lock('req-1'), issue);
      clock.advance(1_000);
      // Act
      await ledger.track('reset', { ...key, resources: ['db-1', 'db-2'] }, clock.lock('req-2'), issue);
      // Assess
      const records = await store.listCredentials();
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ resetCount: 1, resetAtMs: clock.nowMs });
    });

    it('reset without a known create (credentials made before tracking): records ACTIVE with resetCount 1 and no creation time', async () => {
      // Act
      await ledger.track('reset', key, clock.lock('req-1'), issue);
      // Assess
      const record = await store.getCredential(credentialIdFor(key));
      expect(record).toMatchObject({ status: 'ACTIVE', resetCount: 1, resetAtMs: clock.nowMs });
      expect(record).not.toHaveProperty('createdAtMs');
    });

    it('delete of unknown credentials: records DELETED', async () => {
      // Act
      await ledger.track('delete', key, clock.lock('req-1'), async () => undefined);
      // Assess
      expect(await store.getCredential(credentialIdFor(key))).toMatchObject({ status: 'DELETED', deletedAtMs: clock.nowMs, resetCount: 0 });
    });

    it('create after delete: ACTIVE again with the reset count started over', async () => {
      // Prepare
      await ledger.track('create', key, clock.lock('a'), issue);
      await ledger.track('reset', key, clock.lock('b'), issue);
      await ledger.track('delete', key, clock.lock('c'), async () => undefined);
      clock.advance(5);
      // Act
      await ledger.track('create', key, clock.lock('d'), issue);
      // Assess
      const record = await store.getCredential(credentialIdFor(key));
      expect(record).toMatchObject({ status: 'ACTIVE', resetCount: 0, createdAtMs: clock.nowMs });
      expect(record?.history.map((t) => t.action)).toEqual(['create', 'reset', 'delete', 'create']);
    });

    it('a method that throws records nothing and its error reaches the caller unchanged', async () => {
      // Prepare
      const failure = new Error('directory down');
      // Act
      const result = ledger.track('create', key, clock.lock('req-1'), async () => { throw failure; });
      // Assess
      await expect(result).rejects.toBe(failure);
      expect(await store.getCredential(credentialIdFor(key))).toBeUndefined();
    });

    describe('the lock release after a failed method fails too (store down, or a role without the permission)', () => {
      const failing = () => new CredentialLedger(new ReleaseFailingStore(store), { now: clock.now });

      it("the caller sees a LockNotReleasedError with the method's error as cause, saying the lock was not released and when it expires", async () => {
        // Prepare
        const failure = new RangeError('directory down');
        // Act
        const err = await failing().track('create', key, clock.lock('req-1'), async () => { throw failure; }).catch((e: unknown) => e);
        // Assess
        expect(err).toBeInstanceOf(Error);
        expect(err).toMatchObject({ name: 'LockNotReleasedError', cause: failure });
        const message = (err as Error).message;
        expect(message).toMatch(/^RangeError: directory down/);
        expect(message).toContain('lock was not released');
        expect(message).toContain('store unavailable (injected)');
        expect(message).toContain(new Date(clock.nowMs + LOCK_MS).toISOString());
        expect(message).toContain('CredentialsInProgressError');
        expect(message).toContain(`username ${key.username}`);
      });

      it('keeps the method\'s retryable framework error as cause and the answer retryable; the lock then expires on its own', async () => {
        // Prepare
        const failure = new DeadlineExceededError('the method did not finish in time');
        // Act
        const err = await failing().track('reset', key, clock.lock('req-1'), async () => { throw failure; }).catch((e: unknown) => e);
        const whileLocked = await ledger.track('reset', key, clock.lock('req-2'), issue).catch((e: unknown) => e);
        clock.advance(LOCK_MS);
        const afterExpiry = await ledger.track('reset', key, clock.lock('req-3'), issue);
        // Assess
        expect(isIntegrationError(err, 'LockNotReleasedError') && err.retryable).toBe(true);
        expect(err).toMatchObject({ cause: failure });
        expect(whileLocked).toMatchObject({ name: 'CredentialsInProgressError' });
        expect(afterExpiry).toEqual({ secret: SECRET });
      });
    });

    it('never stores the secret the method returned', async () => {
      // Prepare
      await ledger.track('create', key, clock.lock('req-1'), issue);
      // Act
      await ledger.track('reset', key, clock.lock('req-2'), issue);
      // Assess
      const stored = JSON.stringify([await store.listCredentials(), await store.list()]);
      expect(stored).toContain(key.username);
      expect(stored).not.toContain(SECRET);
      if (rawRecords) expect(await rawRecords(store)).not.toContain(SECRET);
    });

    describe('one event at a time per credentials (a short conditional lock)', () => {
      const rotate = () => jest.fn(async () => ({ secret: SECRET }));
      /** A method that holds until the test settles it; `started` resolves once it runs, so its lock is taken. */
      const held = () => {
        const started = deferred();
        const hold = deferred<{ secret: string }>();
        const run = () => {
          started.resolve();
          return hold.promise;
        };
        return { run, started: started.promise, hold };
      };

      it('two concurrent resets: the method runs once, the other gets the retryable CredentialsInProgressError', async () => {
        // Prepare
        await ledger.track('create', key, clock.lock('req-0'), issue);
        const { run: firstRun, started, hold } = held();
        const first = ledger.track('reset', key, clock.lock('req-1'), firstRun);
        await started;
        const run = rotate();
        // Act
        const second = await ledger.track('reset', { ...key, resources: ['db-1', 'db-2'] }, clock.lock('req-2'), run).catch((err: unknown) => err);
        // Assess
        expect(run).not.toHaveBeenCalled();
        expect(isIntegrationError(second, 'CredentialsInProgressError') && second.retryable).toBe(true);
        expect((second as Error).message).toContain(`username ${key.username}`);
        expect((second as Error).message).toContain(`resource type ${key.resourceType}`);
        expect((second as Error).message).toContain(new Date(clock.nowMs + LOCK_MS).toISOString());
        expect((second as Error).message).toMatch(/credentials event.*Retry/s);
        hold.resolve({ secret: SECRET });
        await expect(first).resolves.toEqual({ secret: SECRET });
        const record = await store.getCredential(credentialIdFor(key));
        expect(record).toMatchObject({ resetCount: 1 });
        expect(record).not.toHaveProperty('lockOwner');
        expect(record?.history.map((t) => t.by)).toEqual(['req-0', 'req-1']);
      });

      it('many concurrent creates of new credentials: the method runs once', async () => {
        // Prepare
        const run = jest.fn(async () => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          return { secret: SECRET };
        });
        // Act
        const settled = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => ledger.track('create', key, clock.lock(`req-${i}`), run)));
        // Assess
        expect(run).toHaveBeenCalledTimes(1);
        expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
        expect(settled.filter((s) => s.status === 'rejected').map((s) => (s.reason as Error).name)).toEqual(Array(9).fill('CredentialsInProgressError'));
      });

      it('a failed method releases the lock and records nothing: the next event runs at once', async () => {
        // Prepare
        await ledger.track('create', key, clock.lock('req-0'), issue);
        const before = await store.getCredential(credentialIdFor(key));
        await ledger.track('reset', key, clock.lock('req-1'), async () => { throw new Error('directory down'); }).catch(() => undefined);
        const afterFailure = await store.getCredential(credentialIdFor(key));
        const run = rotate();
        // Act
        await ledger.track('reset', key, clock.lock('req-2'), run);
        // Assess
        expect(afterFailure).toEqual(before);
        expect(run).toHaveBeenCalledTimes(1);
      });

      it('a failed first event leaves no record and no lock behind', async () => {
        // Prepare
        await ledger.track('create', key, clock.lock('req-1'), async () => { throw new Error('directory down'); }).catch(() => undefined);
        const run = rotate();
        // Act
        await ledger.track('create', key, clock.lock('req-2'), run);
        // Assess
        expect(run).toHaveBeenCalledTimes(1);
        expect((await store.getCredential(credentialIdFor(key)))?.history.map((t) => t.by)).toEqual(['req-2']);
      });

      it('a lock whose invocation died refuses events until it expires, then is taken over', async () => {
        // Prepare
        await ledger.track('create', key, clock.lock('req-0'), issue);
        const dying = held();
        void ledger.track('reset', key, clock.lock('died', 5_000), dying.run);
        await dying.started;
        const run = rotate();
        // Act
        const whileLive = await ledger.track('reset', key, clock.lock('req-1'), run).catch((err: unknown) => err);
        clock.advance(5_000); // a lock expiring right now counts as expired, as for grants
        const afterExpiry = await ledger.track('reset', key, clock.lock('req-2'), run);
        // Assess
        expect(whileLive).toMatchObject({ name: 'CredentialsInProgressError' });
        expect(afterExpiry).toEqual({ secret: SECRET });
        expect(run).toHaveBeenCalledTimes(1);
        expect(await store.getCredential(credentialIdFor(key))).toMatchObject({ resetCount: 1, resetAtMs: clock.nowMs });
      });

      it('an event that lost its lock while its method ran (taken over) withholds the result and says to retry', async () => {
        // Prepare
        const { run: slowRun, started, hold } = held();
        const slow = ledger.track('reset', key, clock.lock('slow', 1_000), slowRun).catch((err: unknown) => err);
        await started;
        clock.advance(1_000);
        await ledger.track('reset', key, clock.lock('req-2'), async () => ({ secret: 'the-live-one' }));
        // Act
        hold.resolve({ secret: SECRET });
        const result = await slow;
        // Assess
        expect(result).toMatchObject({ name: 'CredentialsInProgressError', retryable: true });
        expect(JSON.stringify(result)).not.toContain(SECRET);
        expect((result as Error).message).not.toContain(SECRET);
        expect(await store.getCredential(credentialIdFor(key))).toMatchObject({ resetCount: 1 });
      });

      it('no secret is stored while the method runs either, and a lock is refused before touching the store when malformed', async () => {
        // Prepare
        const { run: heldRun, started, hold } = held();
        const running = ledger.track('create', key, clock.lock('req-1'), heldRun);
        await started;
        const run = rotate();
        // Act
        const whileRunning = rawRecords ? await rawRecords(store) : '';
        hold.resolve({ secret: SECRET });
        await running;
        const malformed = ledger.track('reset', key, { owner: '', expiresAtMs: clock.nowMs }, run);
        // Assess
        expect(whileRunning).not.toContain(SECRET);
        await expect(malformed).rejects.toThrow(TypeError);
        expect(run).not.toHaveBeenCalled();
        if (rawRecords) expect(await rawRecords(store)).not.toContain(SECRET);
      });
    });
  });
}

