/** Every row of DESIGN.md's grant table, through GrantLedger, on a given store. */
import { isIntegrationError } from '../../src/errors';
import { GrantLedger, type GrantMethodResult } from '../../src/grants/grant-ledger';
import type { GrantStore } from '../../src/grants/grant-store';
import type { GrantRecord } from '../../src/grants/records';
import { anIntent, deferred, LOCK_MS, seedRecord, TestClock, type StoreFactory } from './grant-fixtures';

const DAY_SEC = 86_400;

export function describeGrantLedgerContract(makeStore: StoreFactory): void {
  describe('GrantLedger: DESIGN.md table', () => {
    let store: GrantStore;
    let clock: TestClock;
    let ledger: GrantLedger;
    beforeEach(async () => {
      store = await makeStore();
      clock = new TestClock();
      ledger = new GrantLedger(store, { now: clock.now });
    });

    const granting = (data?: Record<string, unknown>) => jest.fn(async (): Promise<GrantMethodResult> => (data ? { data } : {}));
    const revoking = () => jest.fn(async (_record: GrantRecord | undefined) => undefined);

    describe('grant-access', () => {
      it('none: locks, runs the method once and records GRANTED with its data', async () => {
        // Prepare
        const intent = anIntent();
        const run = granting({ membershipIds: ['m-1'] });
        // Act
        const outcome = await ledger.grant(intent, clock.lock('req-1'), run);
        // Assess
        expect(run).toHaveBeenCalledTimes(1);
        expect(outcome.replayed).toBe(false);
        expect(outcome.record).toMatchObject({ status: 'GRANTED', data: { membershipIds: ['m-1'] }, username: intent.username, resources: intent.resources });
        expect(outcome.record).not.toHaveProperty('lockOwner');
        expect(outcome.record.history).toEqual([
          { to: 'GRANTING', atMs: clock.nowMs, by: 'req-1' },
          { from: 'GRANTING', to: 'GRANTED', atMs: clock.nowMs, by: 'req-1' },
        ]);
        expect(await store.get(intent.grantId)).toEqual(outcome.record);
      });

      it('none, method returns nothing: records GRANTED without data', async () => {
        // Act
        const outcome = await ledger.grant(anIntent(), clock.lock(), async () => undefined);
        // Assess
        expect(outcome.record.status).toBe('GRANTED');
        expect(outcome.record).not.toHaveProperty('data');
      });

      it('GRANTED, same payload (resources in another order): replays without running the method', async () => {
        // Prepare
        const intent = anIntent({ resources: ['a', 'b'] });
        const first = await ledger.grant(intent, clock.lock(), granting({ id: 1 }));
        const run = granting();
        // Act
        const outcome = await ledger.grant({ ...intent, resources: ['b', 'a'] }, clock.lock(), run);
        // Assess
        expect(run).not.toHaveBeenCalled();
        expect(outcome).toEqual({ replayed: true, record: first.record });
      });

      it('GRANTED, other payload: GrantConflictError without running the method', async () => {
        // Prepare
        const intent = anIntent();
        await ledger.grant(intent, clock.lock(), granting());
        const run = granting();
        // Act
        const result = ledger.grant({ ...intent, permission: 'admin' }, clock.lock(), run);
        // Assess
        await expect(result).rejects.toMatchObject({ name: 'GrantConflictError', message: expect.stringContaining(intent.grantId) });
        expect(run).not.toHaveBeenCalled();
      });

      it('GRANTING under a live lock: GrantInProgressError (retryable) without running the method', async () => {
        // Prepare
        const intent = anIntent();
        const hold = deferred<GrantMethodResult>();
        const first = ledger.grant(intent, clock.lock(), () => hold.promise);
        await waitForStatus(store, intent.grantId, 'GRANTING');
        const run = granting();
        // Act
        const second = ledger.grant(intent, clock.lock(), run).catch((err: unknown) => err);
        // Assess
        const err = await second;
        expect(isIntegrationError(err, 'GrantInProgressError') && err.retryable).toBe(true);
        expect(run).not.toHaveBeenCalled();
        hold.resolve({});
        await expect(first).resolves.toMatchObject({ record: { status: 'GRANTED' } });
      });

      it('REVOKING under a live lock: GrantInProgressError without running the method', async () => {
        // Prepare
        const intent = anIntent();
        await ledger.grant(intent, clock.lock(), granting());
        const hold = deferred<undefined>();
        const revoke = ledger.revoke(intent, clock.lock(), () => hold.promise);
        await waitForStatus(store, intent.grantId, 'REVOKING');
        const run = granting();
        // Act
        const result = ledger.grant(intent, clock.lock(), run);
        // Assess
        await expect(result).rejects.toMatchObject({ name: 'GrantInProgressError' });
        expect(run).not.toHaveBeenCalled();
        hold.resolve(undefined);
        await revoke;
      });

      it('GRANTING whose lock expired: re-locks, runs the method and records GRANTED', async () => {
        // Prepare
        const intent = anIntent();
        await seedRecord(store, intent, 'GRANTING', { lockExpiresAtMs: clock.nowMs - 1 });
        const run = granting({ id: 2 });
        // Act
        const outcome = await ledger.grant(intent, clock.lock('req-2'), run);
        // Assess
        expect(run).toHaveBeenCalledTimes(1);
        expect(outcome.record).toMatchObject({ status: 'GRANTED', data: { id: 2 } });
        expect(outcome.record.history.slice(1)).toEqual([
          { from: 'GRANTING', to: 'GRANTING', atMs: clock.nowMs, by: 'req-2' },
          { from: 'GRANTING', to: 'GRANTED', atMs: clock.nowMs, by: 'req-2' },
        ]);
      });

      it('GRANTING whose lock expires right now (0 ms remaining is real): can be taken over', async () => {
        // Prepare
        const intent = anIntent();
        await seedRecord(store, intent, 'GRANTING', { lockExpiresAtMs: clock.nowMs });
        const run = granting();
        // Act
        const outcome = await ledger.grant(intent, clock.lock(), run);
        // Assess
        expect(run).toHaveBeenCalledTimes(1);
        expect(outcome.record.status).toBe('GRANTED');
      });

      it('FAILED: re-locks, runs the method and records GRANTED, clearing the last error', async () => {
        // Prepare
        const intent = anIntent();
        await ledger.grant(intent, clock.lock(), async () => { throw new Error('portal down'); }).catch(() => undefined);
        const run = granting();
        // Act
        const outcome = await ledger.grant(intent, clock.lock(), run);
        // Assess
        expect(run).toHaveBeenCalledTimes(1);
        expect(outcome.record.status).toBe('GRANTED');
        expect(outcome.record).not.toHaveProperty('lastError');
        expect(outcome.record.history.map((t) => t.to)).toEqual(['GRANTING', 'FAILED', 'GRANTING', 'GRANTED']);
      });

      it('FAILED, other payload: GrantConflictError without running the method', async () => {
        // Prepare
        const intent = anIntent();
        await seedRecord(store, intent, 'FAILED');
        const run = granting();
        // Act
        const result = ledger.grant({ ...intent, username: 'eve@example.com' }, clock.lock(), run);
        // Assess
        await expect(result).rejects.toMatchObject({ name: 'GrantConflictError' });
        expect(run).not.toHaveBeenCalled();
      });

      it('REVOKING whose lock expired: GrantRevokedError without running the method', async () => {
        // Prepare
        const intent = anIntent();
        await seedRecord(store, intent, 'REVOKING', { lockExpiresAtMs: clock.nowMs - 1 });
        const run = granting();
        // Act
        const result = ledger.grant(intent, clock.lock(), run);
        // Assess
        await expect(result).rejects.toMatchObject({ name: 'GrantRevokedError' });
        expect(run).not.toHaveBeenCalled();
      });

      it('REVOKED: GrantRevokedError without running the method (no resurrection)', async () => {
        // Prepare
        const intent = anIntent();
        await ledger.grant(intent, clock.lock(), granting());
        await ledger.revoke(intent, clock.lock(), revoking());
        const run = granting();
        // Act
        const result = ledger.grant(intent, clock.lock(), run);
        // Assess
        await expect(result).rejects.toMatchObject({ name: 'GrantRevokedError', message: expect.stringContaining(intent.grantId) });
        expect(run).not.toHaveBeenCalled();
        expect((await store.get(intent.grantId))?.status).toBe('REVOKED');
      });

      it('method throws: records FAILED with the message, releases the lock and rethrows the same error', async () => {
        // Prepare
        const intent = anIntent();
        const failure = new Error('portal said 500');
        // Act
        const result = ledger.grant(intent, clock.lock('req-1'), async () => { throw failure; });
        // Assess
        await expect(result).rejects.toBe(failure);
        const record = await store.get(intent.grantId);
        expect(record).toMatchObject({ status: 'FAILED', lastError: 'portal said 500' });
        expect(record).not.toHaveProperty('lockOwner');
        expect(record?.history[1]).toEqual({ from: 'GRANTING', to: 'FAILED', atMs: clock.nowMs, by: 'req-1', error: 'portal said 500' });
      });

      it('method returns data that is not JSON: records FAILED and says how to fix it', async () => {
        // Prepare
        const intent = anIntent();
        // Act
        const result = ledger.grant(intent, clock.lock(), async () => ({ data: { big: BigInt(1) } }));
        // Assess
        await expect(result).rejects.toThrow(/cannot be kept as JSON/);
        expect((await store.get(intent.grantId))?.status).toBe('FAILED');
      });
    });

    describe('revoke-access', () => {
      it('GRANTED: locks, runs the method with the record (and its data) and records REVOKED with a 90-day TTL', async () => {
        // Prepare
        const intent = anIntent();
        await ledger.grant(intent, clock.lock(), granting({ membershipIds: ['m-1'] }));
        const run = revoking();
        // Act
        const outcome = await ledger.revoke(intent, clock.lock('req-r'), run);
        // Assess
        expect(run).toHaveBeenCalledTimes(1);
        expect(run.mock.calls[0]![0]).toMatchObject({ grantId: intent.grantId, status: 'REVOKING', data: { membershipIds: ['m-1'] } });
        expect(outcome.replayed).toBe(false);
        expect(outcome.record.status).toBe('REVOKED');
        expect(outcome.record.expiresAtEpochSec).toBe(Math.floor(clock.nowMs / 1000) + 90 * DAY_SEC);
        expect(outcome.record.history.slice(2)).toEqual([
          { from: 'GRANTED', to: 'REVOKING', atMs: clock.nowMs, by: 'req-r' },
          { from: 'REVOKING', to: 'REVOKED', atMs: clock.nowMs, by: 'req-r' },
        ]);
      });

      it('REVOKED TTL follows revokedTtlDays', async () => {
        // Prepare
        const shortLedger = new GrantLedger(store, { now: clock.now, revokedTtlDays: 7 });
        const intent = anIntent();
        // Act
        const outcome = await shortLedger.revoke(intent, clock.lock(), revoking());
        // Assess
        expect(outcome.record.expiresAtEpochSec).toBe(Math.floor(clock.nowMs / 1000) + 7 * DAY_SEC);
      });

      it('FAILED: locks, runs the method with the record and records REVOKED', async () => {
        // Prepare
        const intent = anIntent();
        await ledger.grant(intent, clock.lock(), async () => { throw new Error('half done'); }).catch(() => undefined);
        const run = revoking();
        // Act
        const outcome = await ledger.revoke(intent, clock.lock(), run);
        // Assess
        expect(run.mock.calls[0]![0]).toMatchObject({ grantId: intent.grantId, lastError: 'half done' });
        expect(outcome.record.status).toBe('REVOKED');
        expect(outcome.record).not.toHaveProperty('lastError');
      });

      it('REVOKED: replays without running the method', async () => {
        // Prepare
        const intent = anIntent();
        const first = await ledger.revoke(intent, clock.lock(), revoking());
        const run = revoking();
        // Act
        const outcome = await ledger.revoke(intent, clock.lock(), run);
        // Assess
        expect(run).not.toHaveBeenCalled();
        expect(outcome).toEqual({ replayed: true, record: first.record });
      });

      it('none: runs the method from the request alone and leaves a REVOKED tombstone that refuses a later grant', async () => {
        // Prepare
        const intent = anIntent();
        const run = revoking();
        const lateGrant = granting();
        // Act
        const outcome = await ledger.revoke(intent, clock.lock('req-r'), run);
        const grant = await ledger.grant(intent, clock.lock(), lateGrant).catch((err: unknown) => err);
        // Assess
        expect(run).toHaveBeenCalledWith(undefined);
        expect(outcome.record).toMatchObject({ status: 'REVOKED', username: intent.username, permission: intent.permission });
        expect(outcome.record.history.map((t) => [t.from, t.to])).toEqual([[undefined, 'REVOKING'], ['REVOKING', 'REVOKED']]);
        expect(grant).toMatchObject({ name: 'GrantRevokedError' });
        expect(lateGrant).not.toHaveBeenCalled();
      });

      it('GRANTING under a live lock: GrantInProgressError without running the method', async () => {
        // Prepare
        const intent = anIntent();
        await seedRecord(store, intent, 'GRANTING', { lockExpiresAtMs: clock.nowMs + LOCK_MS });
        const run = revoking();
        // Act
        const result = ledger.revoke(intent, clock.lock(), run);
        // Assess
        await expect(result).rejects.toMatchObject({ name: 'GrantInProgressError', retryable: true });
        expect(run).not.toHaveBeenCalled();
      });

      it('REVOKING under a live lock: GrantInProgressError without running the method', async () => {
        // Prepare
        const intent = anIntent();
        await seedRecord(store, intent, 'REVOKING', { lockExpiresAtMs: clock.nowMs + LOCK_MS });
        const run = revoking();
        // Act
        const result = ledger.revoke(intent, clock.lock(), run);
        // Assess
        await expect(result).rejects.toMatchObject({ name: 'GrantInProgressError' });
        expect(run).not.toHaveBeenCalled();
      });

      it('GRANTING whose lock expired (a grant that died): takes it over, runs the method with the record, REVOKED', async () => {
        // Prepare
        const intent = anIntent();
        await seedRecord(store, intent, 'GRANTING', { lockExpiresAtMs: clock.nowMs - 1 });
        const run = revoking();
        // Act
        const outcome = await ledger.revoke(intent, clock.lock(), run);
        // Assess
        expect(run.mock.calls[0]![0]).toMatchObject({ grantId: intent.grantId });
        expect(outcome.record.status).toBe('REVOKED');
      });

      it('other payload than the record: revokes the recorded grant and notes the difference', async () => {
        // Prepare
        const intent = anIntent();
        await ledger.grant(intent, clock.lock(), granting());
        const run = revoking();
        // Act
        const outcome = await ledger.revoke({ ...intent, permission: 'admin' }, clock.lock(), run);
        // Assess
        expect(run.mock.calls[0]![0]).toMatchObject({ permission: intent.permission });
        expect(outcome.record).toMatchObject({ status: 'REVOKED', permission: intent.permission });
        expect(outcome.record.history.at(-1)?.note).toMatch(/differs/);
      });

      it('method throws on a GRANTED record: back to GRANTED, lock released, same error rethrown', async () => {
        // Prepare
        const intent = anIntent();
        await ledger.grant(intent, clock.lock(), granting({ id: 1 }));
        const failure = new Error('portal timeout');
        // Act
        const result = ledger.revoke(intent, clock.lock(), async () => { throw failure; });
        // Assess
        await expect(result).rejects.toBe(failure);
        const record = await store.get(intent.grantId);
        expect(record).toMatchObject({ status: 'GRANTED', lastError: 'portal timeout', data: { id: 1 } });
        expect(record).not.toHaveProperty('lockExpiresAtMs');
      });

      it('method throws on an unknown grant_id: stays REVOKING unlocked, refusing grants; a retry runs the method again', async () => {
        // Prepare
        const intent = anIntent();
        await ledger.revoke(intent, clock.lock(), async () => { throw new Error('nope'); }).catch(() => undefined);
        const run = revoking();
        // Act
        const grant = await ledger.grant(intent, clock.lock(), granting()).catch((err: unknown) => err);
        const retry = await ledger.revoke(intent, clock.lock(), run);
        // Assess
        expect(grant).toMatchObject({ name: 'GrantRevokedError' });
        expect(run).toHaveBeenCalledWith(undefined);
        expect(retry.record.status).toBe('REVOKED');
      });
    });
  });
}

/** Polls until the record reaches `status` (the ledger's first write is in flight). */
async function waitForStatus(store: GrantStore, grantId: string, status: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await store.get(grantId))?.status === status) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`record ${grantId} never reached ${status}`);
}
