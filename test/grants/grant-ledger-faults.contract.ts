/** Faults around the ledger: after each, a retry completes, a revoke still removes access, nothing stays locked. */
import { DeadlineExceededError, isIntegrationError } from '../../src/errors';
import { GrantLedger, type GrantMethodResult } from '../../src/grants/grant-ledger';
import type { GrantStore } from '../../src/grants/grant-store';
import type { GrantRecord } from '../../src/grants/records';
import { anIntent, LOCK_MS, StoreUnavailableError, TestClock, type StoreFactory } from './grant-fixtures';
import { FaultyGrantStore, ReleaseFailingStore } from './store-wrappers';

export function describeGrantLedgerFaults(makeStore: StoreFactory): void {
  describe('GrantLedger: faults', () => {
    let store: GrantStore;
    let clock: TestClock;
    beforeEach(async () => {
      store = await makeStore();
      clock = new TestClock();
    });

    /** A ledger whose store fails the given transition writes (1-based). */
    const ledgerFailing = (...writes: number[]) =>
      new GrantLedger(new FaultyGrantStore(store, new Set(writes)), { now: clock.now });
    const healthyLedger = () => new GrantLedger(store, { now: clock.now });
    const granting = () => jest.fn(async (): Promise<GrantMethodResult> => ({ data: { id: 'm-1' } }));
    const revoking = () => jest.fn(async (_record: GrantRecord | undefined) => undefined);
    const storeUnavailable = { name: 'GrantStoreUnavailableError', retryable: true, cause: expect.any(StoreUnavailableError) };

    describe('the store fails after @Grant succeeded (writing GRANTED)', () => {
      it('throws a retryable GrantStoreUnavailableError (the store error as cause) and keeps the lock: a retry elsewhere before expiry is GrantInProgressError', async () => {
        // Prepare
        const intent = anIntent();
        const run = granting();
        // Act
        const first = ledgerFailing(2).grant(intent, clock.lock(), run);
        // Assess
        await expect(first).rejects.toMatchObject(storeUnavailable);
        expect((await store.get(intent.grantId))?.status).toBe('GRANTING');
        await expect(healthyLedger().grant(intent, clock.lock(), granting())).rejects.toMatchObject({ name: 'GrantInProgressError' });
      });

      it('a retry after the lock expired runs the method again and completes; a revoke then removes access', async () => {
        // Prepare
        const intent = anIntent();
        await ledgerFailing(2).grant(intent, clock.lock(), granting()).catch(() => undefined);
        clock.advance(LOCK_MS + 1);
        const retryRun = granting();
        const revokeRun = revoking();
        // Act
        const retry = await healthyLedger().grant(intent, clock.lock(), retryRun);
        const revoke = await healthyLedger().revoke(intent, clock.lock(), revokeRun);
        // Assess
        expect(retryRun).toHaveBeenCalledTimes(1);
        expect(retry.record.status).toBe('GRANTED');
        expect(revokeRun.mock.calls[0]![0]).toMatchObject({ data: { id: 'm-1' } });
        expect(revoke.record.status).toBe('REVOKED');
      });

      it('a revoke after the lock expired (no grant retry) still runs @Revoke and records REVOKED', async () => {
        // Prepare
        const intent = anIntent();
        await ledgerFailing(2).grant(intent, clock.lock(), granting()).catch(() => undefined);
        clock.advance(LOCK_MS + 1);
        const revokeRun = revoking();
        // Act
        const revoke = await healthyLedger().revoke(intent, clock.lock(), revokeRun);
        // Assess
        expect(revokeRun.mock.calls[0]![0]).toMatchObject({ grantId: intent.grantId });
        expect(revoke.record.status).toBe('REVOKED');
      });
    });

    describe('the store fails before the lock', () => {
      it('throws a retryable GrantStoreUnavailableError without running @Grant, and a retry completes', async () => {
        // Prepare
        const intent = anIntent();
        const run = granting();
        // Act
        const first = ledgerFailing(1).grant(intent, clock.lock(), run);
        await expect(first).rejects.toMatchObject(storeUnavailable);
        const retry = await healthyLedger().grant(intent, clock.lock(), run);
        // Assess
        expect(run).toHaveBeenCalledTimes(1);
        expect(retry.record.status).toBe('GRANTED');
      });

      it('throws a retryable GrantStoreUnavailableError without running @Revoke, and a retry completes', async () => {
        // Prepare
        const intent = anIntent();
        await healthyLedger().grant(intent, clock.lock(), granting());
        const run = revoking();
        // Act
        const first = ledgerFailing(1).revoke(intent, clock.lock(), run);
        await expect(first).rejects.toMatchObject(storeUnavailable);
        const retry = await healthyLedger().revoke(intent, clock.lock(), run);
        // Assess
        expect(run).toHaveBeenCalledTimes(1);
        expect(retry.record.status).toBe('REVOKED');
      });
    });

    describe('@Grant throws', () => {
      it('a retry completes, and a revoke then removes access', async () => {
        // Prepare
        const intent = anIntent();
        await healthyLedger().grant(intent, clock.lock(), async () => { throw new Error('flaky'); }).catch(() => undefined);
        const run = granting();
        // Act
        const retry = await healthyLedger().grant(intent, clock.lock(), run);
        const revoke = await healthyLedger().revoke(intent, clock.lock(), revoking());
        // Assess
        expect(run).toHaveBeenCalledTimes(1);
        expect(retry.record.status).toBe('GRANTED');
        expect(revoke.record.status).toBe('REVOKED');
      });

      it("when recording FAILED also fails, a LockNotReleasedError carries the method's error as its cause and the lock expires on its own", async () => {
        // Prepare
        const intent = anIntent();
        const failure = new Error('flaky');
        // Act
        const first = ledgerFailing(2).grant(intent, clock.lock(), async () => { throw failure; });
        await expect(first).rejects.toMatchObject({ name: 'LockNotReleasedError', cause: failure });
        clock.advance(LOCK_MS + 1);
        const retry = await healthyLedger().grant(intent, clock.lock(), granting());
        // Assess
        expect(retry.record.status).toBe('GRANTED');
      });
    });

    describe('@Revoke throws', () => {
      it('a retry of the revoke completes', async () => {
        // Prepare
        const intent = anIntent();
        await healthyLedger().grant(intent, clock.lock(), granting());
        await healthyLedger().revoke(intent, clock.lock(), async () => { throw new Error('flaky'); }).catch(() => undefined);
        const run = revoking();
        // Act
        const retry = await healthyLedger().revoke(intent, clock.lock(), run);
        // Assess
        expect(run).toHaveBeenCalledTimes(1);
        expect(retry.record.status).toBe('REVOKED');
      });

      it('when the store fails writing REVOKED, a grant is refused and a revoke retry after expiry completes', async () => {
        // Prepare
        const intent = anIntent();
        await healthyLedger().grant(intent, clock.lock(), granting());
        await ledgerFailing(2).revoke(intent, clock.lock(), revoking()).catch(() => undefined);
        // Act
        const grantWhileLocked = await healthyLedger().grant(intent, clock.lock(), granting()).catch((err: unknown) => err);
        clock.advance(LOCK_MS + 1);
        const grantAfterExpiry = await healthyLedger().grant(intent, clock.lock(), granting()).catch((err: unknown) => err);
        const run = revoking();
        const retry = await healthyLedger().revoke(intent, clock.lock(), run);
        // Assess
        expect(grantWhileLocked).toMatchObject({ name: 'GrantInProgressError' });
        expect(grantAfterExpiry).toMatchObject({ name: 'GrantRevokedError' });
        expect(run.mock.calls[0]![0]).toMatchObject({ grantId: intent.grantId });
        expect(retry.record.status).toBe('REVOKED');
      });
    });

    describe('the lock release after a failed method fails too (store down, or a role without the permission)', () => {
      const failing = () => new GrantLedger(new ReleaseFailingStore(store), { now: clock.now });

      it("grant: the caller sees a LockNotReleasedError with the method's error as cause, saying the lock was not released and until when", async () => {
        // Prepare
        const intent = anIntent();
        const failure = new RangeError('portal down');
        // Act
        const err = await failing().grant(intent, clock.lock(), async () => { throw failure; }).catch((e: unknown) => e);
        // Assess
        expect(isIntegrationError(err, 'LockNotReleasedError')).toBe(true);
        expect(err).toMatchObject({ retryable: false, cause: failure });
        const message = (err as Error).message;
        expect(message).toMatch(/^RangeError: portal down/);
        expect(message).toContain('lock was not released');
        expect(message).toContain('store unavailable (injected)');
        expect(message).toContain(`grant_id ${intent.grantId} stays locked until ${new Date(clock.nowMs + LOCK_MS).toISOString()}`);
        expect(message).toContain('GrantInProgressError');
      });

      it('revoke: the method\'s retryable framework error is the cause, the answer retryable; retries are refused until the lock expires, then complete', async () => {
        // Prepare
        const intent = anIntent();
        await healthyLedger().grant(intent, clock.lock(), granting());
        const failure = new DeadlineExceededError('the method did not finish in time');
        // Act
        const err = await failing().revoke(intent, clock.lock(), async () => { throw failure; }).catch((e: unknown) => e);
        const whileLocked = await healthyLedger().revoke(intent, clock.lock(), revoking()).catch((e: unknown) => e);
        clock.advance(LOCK_MS + 1);
        const afterExpiry = await healthyLedger().revoke(intent, clock.lock(), revoking());
        // Assess
        expect(isIntegrationError(err, 'LockNotReleasedError') && err.retryable).toBe(true);
        expect(err).toMatchObject({ cause: failure });
        expect((err as Error).message).toContain('revoke-access retried included');
        expect(whileLocked).toMatchObject({ name: 'GrantInProgressError' });
        expect(afterExpiry.record.status).toBe('REVOKED');
      });
    });
  });
}
