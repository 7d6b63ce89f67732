/**
 * A write applied by the store whose response was lost, so the SDK sent it again.
 * A resent lock write meets the invocation's OWN lock: it must carry on as locked,
 * not refuse itself with "locked by another invocation" (which kept the record
 * locked until expiry and failed every retry). A resent settling write meets the
 * record it settled, its lock gone: the event succeeded and must be answered so
 * (for credentials, with the secret). On a given store.
 */
import { CredentialLedger } from '../../src/grants/credential-ledger';
import { GrantLedger, type GrantMethodResult } from '../../src/grants/grant-ledger';
import type { GrantStore } from '../../src/grants/grant-store';
import { credentialIdFor, type GrantRecord } from '../../src/grants/records';
import { anIntent, deferred, LOCK_MS, type StoreFactory, TestClock } from './grant-fixtures';
import { ResentWriteStore } from './store-wrappers';

export function describeLostResponseContract(makeStore: StoreFactory): void {
  describe('a lock write resent after its response was lost', () => {
    let store: GrantStore;
    let resent: ResentWriteStore;
    let clock: TestClock;
    /** The ledgers on the store as it is (to prepare a state). */
    let plain: GrantLedger;
    /** The ledgers whose first lock write is sent twice. */
    let grants: GrantLedger;
    let credentials: CredentialLedger;
    beforeEach(async () => {
      store = await makeStore();
      resent = new ResentWriteStore(store);
      clock = new TestClock();
      plain = new GrantLedger(store, { now: clock.now });
      grants = new GrantLedger(resent, { now: clock.now });
      credentials = new CredentialLedger(resent, { now: clock.now });
    });
    const granting = () => jest.fn(async (): Promise<GrantMethodResult> => ({ data: { id: 'm-1' } }));
    const revoking = () => jest.fn(async (_record: GrantRecord | undefined) => undefined);

    it('grant of a new grant_id: the method runs once, ok, the record ends GRANTED and unlocked', async () => {
      // Prepare
      const intent = anIntent();
      const run = granting();
      // Act
      const outcome = await grants.grant(intent, clock.lock('req-1'), run);
      // Assess
      expect(resent.resentTransitions).toBe(1);
      expect(run).toHaveBeenCalledTimes(1);
      expect(outcome.replayed).toBe(false);
      expect(outcome.record).toMatchObject({ status: 'GRANTED', data: { id: 'm-1' } });
      expect(outcome.record).not.toHaveProperty('lockOwner');
      expect(outcome.record.history.map((t) => [t.from, t.to, t.by])).toEqual([
        [undefined, 'GRANTING', 'req-1'],
        ['GRANTING', 'GRANTED', 'req-1'],
      ]);
    });

    it('grant re-locking a FAILED record: the method runs once and the record ends GRANTED', async () => {
      // Prepare
      const intent = anIntent();
      await plain.grant(intent, clock.lock(), async () => { throw new Error('flaky'); }).catch(() => undefined);
      const run = granting();
      // Act
      const outcome = await grants.grant(intent, clock.lock('req-2'), run);
      // Assess
      expect(run).toHaveBeenCalledTimes(1);
      expect(outcome.record.status).toBe('GRANTED');
      expect(outcome.record.history.map((t) => t.to)).toEqual(['GRANTING', 'FAILED', 'GRANTING', 'GRANTED']);
    });

    it('revoke of a GRANTED record: the method runs once with the record, ok, the record ends REVOKED', async () => {
      // Prepare
      const intent = anIntent();
      await plain.grant(intent, clock.lock(), granting());
      const run = revoking();
      // Act
      const outcome = await grants.revoke(intent, clock.lock('req-r'), run);
      // Assess
      expect(run).toHaveBeenCalledTimes(1);
      expect(run.mock.calls[0]![0]).toMatchObject({ grantId: intent.grantId, data: { id: 'm-1' } });
      expect(outcome.record.status).toBe('REVOKED');
      expect(outcome.record.history.slice(2).map((t) => [t.from, t.to, t.by])).toEqual([
        ['GRANTED', 'REVOKING', 'req-r'],
        ['REVOKING', 'REVOKED', 'req-r'],
      ]);
    });

    it('revoke whose method then throws: the record goes back to GRANTED (the status before the lock)', async () => {
      // Prepare
      const intent = anIntent();
      await plain.grant(intent, clock.lock(), granting());
      const failure = new Error('portal down');
      // Act
      const result = grants.revoke(intent, clock.lock(), async () => { throw failure; });
      // Assess
      await expect(result).rejects.toBe(failure);
      const record = await store.get(intent.grantId);
      expect(record?.status).toBe('GRANTED');
      expect(record).not.toHaveProperty('lockOwner');
    });

    it('revoke of an unknown grant_id: the method runs once from the request alone, REVOKED tombstone', async () => {
      // Prepare
      const intent = anIntent();
      const run = revoking();
      // Act
      const outcome = await grants.revoke(intent, clock.lock(), run);
      // Assess
      expect(resent.resentTransitions).toBe(1);
      expect(run).toHaveBeenCalledTimes(1);
      expect(run).toHaveBeenCalledWith(undefined);
      expect(outcome.record.status).toBe('REVOKED');
    });

    it('a credential event: the method runs once, its result comes back, and the event is recorded', async () => {
      // Prepare
      const key = { username: 'ada@example.com', resourceType: 'database', resources: ['db-1'] };
      const run = jest.fn(async () => ({ secret: 's' }));
      // Act
      const result = await credentials.track('create', key, clock.lock('req-c'), run);
      // Assess
      expect(resent.resentLocks).toBe(1);
      expect(run).toHaveBeenCalledTimes(1);
      expect(result).toEqual({ secret: 's' });
      const record = await store.getCredential(credentialIdFor(key));
      expect(record).toMatchObject({ status: 'ACTIVE', history: [{ action: 'create', by: 'req-c' }] });
      expect(record).not.toHaveProperty('lockOwner');
    });

    it("another invocation's live lock still refuses: only a lock's own owner carries on", async () => {
      // Prepare
      const intent = anIntent();
      const started = deferred();
      const hold = deferred<GrantMethodResult>();
      const other = plain.grant(intent, clock.lock('other'), () => {
        started.resolve();
        return hold.promise;
      });
      await started.promise;
      const run = granting();
      // Act
      const result = grants.grant(intent, clock.lock('req-1'), run);
      // Assess
      await expect(result).rejects.toMatchObject({ name: 'GrantInProgressError' });
      expect(run).not.toHaveBeenCalled();
      hold.resolve({});
      await other;
    });
  });

  describe('a settling write resent after its response was lost', () => {
    let store: GrantStore;
    let resent: ResentWriteStore;
    let clock: TestClock;
    let plain: GrantLedger;
    let grants: GrantLedger;
    let credentials: CredentialLedger;
    beforeEach(async () => {
      store = await makeStore();
      resent = new ResentWriteStore(store, 'settling');
      clock = new TestClock();
      plain = new GrantLedger(store, { now: clock.now });
      grants = new GrantLedger(resent, { now: clock.now });
      credentials = new CredentialLedger(resent, { now: clock.now });
    });

    it('grant: ok (not replayed), the record ends GRANTED and unlocked with one GRANTED entry', async () => {
      // Prepare
      const intent = anIntent();
      const run = jest.fn(async (): Promise<GrantMethodResult> => ({ data: { id: 'm-1' } }));
      // Act
      const outcome = await grants.grant(intent, clock.lock('req-1'), run);
      // Assess
      expect(resent.resentTransitions).toBe(1);
      expect(run).toHaveBeenCalledTimes(1);
      expect(outcome.replayed).toBe(false);
      expect(outcome.record).toMatchObject({ status: 'GRANTED', data: { id: 'm-1' } });
      expect(outcome.record).not.toHaveProperty('lockOwner');
      expect(outcome.record.history.map((t) => [t.to, t.by])).toEqual([['GRANTING', 'req-1'], ['GRANTED', 'req-1']]);
    });

    it('revoke: ok (not replayed), the record ends REVOKED with one REVOKED entry', async () => {
      // Prepare
      const intent = anIntent();
      await plain.grant(intent, clock.lock(), async () => ({ data: { id: 'm-1' } }));
      const run = jest.fn(async (_record: GrantRecord | undefined) => undefined);
      // Act
      const outcome = await grants.revoke(intent, clock.lock('req-r'), run);
      // Assess
      expect(resent.resentTransitions).toBe(1);
      expect(run).toHaveBeenCalledTimes(1);
      expect(outcome.replayed).toBe(false);
      expect(outcome.record.status).toBe('REVOKED');
      expect(outcome.record.history.slice(2).map((t) => [t.to, t.by])).toEqual([['REVOKING', 'req-r'], ['REVOKED', 'req-r']]);
    });

    it('a credential reset: the secret comes back, and the reset is recorded once', async () => {
      // Prepare
      const key = { username: 'ada@example.com', resourceType: 'database', resources: ['db-1'] };
      await new CredentialLedger(store, { now: clock.now }).track('create', key, clock.lock(), async () => ({ secret: 'first' }));
      const run = jest.fn(async () => ({ secret: 'rotated' }));
      // Act
      const result = await credentials.track('reset', key, clock.lock('req-c'), run);
      // Assess
      expect(resent.resentCredentialWrites).toBe(1);
      expect(run).toHaveBeenCalledTimes(1);
      expect(result).toEqual({ secret: 'rotated' });
      const record = await store.getCredential(credentialIdFor(key));
      expect(record).toMatchObject({ status: 'ACTIVE', resetCount: 1 });
      expect(record?.history.map((t) => [t.action, t.by])).toEqual([['create', expect.any(String)], ['reset', 'req-c']]);
      expect(record).not.toHaveProperty('lockOwner');
    });

    it('a credential event settled by another invocation after our lock expired still withholds the result', async () => {
      // Prepare: our method outlives its lock, another invocation takes it over and records its own event.
      const key = { username: 'ada@example.com', resourceType: 'database', resources: ['db-1'] };
      const other = new CredentialLedger(store, { now: clock.now });
      const run = async () => {
        clock.advance(LOCK_MS + 1);
        await other.track('reset', key, clock.lock('req-other'), async () => ({ secret: 'other' }));
        return { secret: 'ours' };
      };
      // Act
      const result = credentials.track('reset', key, clock.lock('req-c'), run);
      // Assess
      await expect(result).rejects.toMatchObject({ name: 'CredentialsInProgressError' });
      expect(resent.resentCredentialWrites).toBe(0);
    });
  });
}
