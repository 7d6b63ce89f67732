/** DESIGN.md "Abandoned methods": methods that outlive their deadline, through GrantLedger, on a given store. */
import { DeadlineExceededError, isIntegrationError } from '../../src/errors';
import { GrantLedger, type GrantMethodResult } from '../../src/grants/grant-ledger';
import type { GrantStore } from '../../src/grants/grant-store';
import type { MethodDeadline, MethodRunOptions } from '../../src/grants/method-run';
import type { GrantIntent, GrantRecord } from '../../src/grants/records';
import { anIntent, deferred, LOCK_MS, TestClock, type StoreFactory } from './grant-fixtures';
import { FaultyGrantStore } from './store-wrappers';

/** A deadline the test fires by hand; `graceMs` 0 so an abandoned method is abandoned at once. */
function manualDeadline(): MethodDeadline & { fire(): void } {
  let reject!: (err: unknown) => void;
  const expired = new Promise<never>((_resolve, rej) => { reject = rej; });
  expired.catch(() => undefined);
  let fired: DeadlineExceededError | undefined;
  return {
    graceMs: 0,
    expired,
    tooLateToStart: () => fired,
    fire() {
      fired = new DeadlineExceededError('the method did not finish before the Lambda deadline (test)');
      reject(fired);
    },
  };
}

/** The application under the integration: who holds which membership. */
class FakeApplication {
  readonly memberships = new Map<string, string>(); // membershipId → grantee key
  private next = 0;
  add(intent: GrantIntent): string {
    const id = `m-${++this.next}`;
    this.memberships.set(id, `${intent.username}|${intent.permission}`);
    return id;
  }
  remove(id: string | undefined): void {
    if (id !== undefined) this.memberships.delete(id);
  }
  get size(): number {
    return this.memberships.size;
  }
}

/** Lets queued promise callbacks (and store round trips) run. */
async function settleAll(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 1));
}

export function describeAbandonedMethodsContract(makeStore: StoreFactory): void {
  describe('GrantLedger: methods abandoned at the deadline', () => {
    let store: GrantStore;
    let clock: TestClock;
    let app: FakeApplication;
    beforeEach(async () => {
      store = await makeStore();
      clock = new TestClock();
      app = new FakeApplication();
    });

    const newInstance = () => new GrantLedger(store, { now: clock.now });
    const undoIn = (application: FakeApplication) => async (record: GrantRecord) => application.remove(record.data?.membershipId as string | undefined);
    /** A @Grant that ignores its signal: it adds the membership when the test says so. */
    const slowGrant = (intent: GrantIntent) => {
      const hold = deferred<void>();
      const run = jest.fn(async (): Promise<GrantMethodResult> => {
        await hold.promise;
        return { data: { membershipId: app.add(intent) } };
      });
      return { run, finish: () => hold.resolve() };
    };
    const options = (deadline: MethodDeadline): MethodRunOptions => ({ deadline, undo: undoIn(app) });
    /** Starts a grant whose method holds, and fires its deadline: the grant is answered and its method abandoned. */
    const abandonGrant = async (ledger: GrantLedger, intent: GrantIntent, run: () => Promise<GrantMethodResult>, runOptions: (deadline: MethodDeadline) => MethodRunOptions = options) => {
      const deadline = manualDeadline();
      const answer = ledger.grant(intent, clock.lock('req-1'), run, runOptions(deadline)).catch((err: unknown) => err);
      await settleAll();
      deadline.fire();
      return answer;
    };

    it('answers DeadlineExceededError at the deadline and keeps the lock while the method still runs', async () => {
      // Prepare
      const intent = anIntent();
      const deadline = manualDeadline();
      const grant = slowGrant(intent);
      // Act
      const answer = newInstance().grant(intent, clock.lock('req-1'), grant.run, options(deadline)).catch((err: unknown) => err);
      await settleAll();
      deadline.fire();
      // Assess
      expect(await answer).toMatchObject({ name: 'DeadlineExceededError', retryable: true });
      expect(await store.get(intent.grantId)).toMatchObject({ status: 'GRANTING', lockOwner: 'req-1' });
      grant.finish();
    });

    it('never starts a second body of the grant_id in the same instance while the abandoned one runs, even after its lock expired', async () => {
      // Prepare
      const intent = anIntent();
      const ledger = newInstance();
      const grant = slowGrant(intent);
      await abandonGrant(ledger, intent, grant.run);
      clock.advance(LOCK_MS + 1);
      const retry = jest.fn(async () => ({ data: { membershipId: app.add(intent) } }));
      // Act
      const grantRetry = ledger.grant(intent, clock.lock('req-2'), retry).catch((err: unknown) => err);
      const revokeRetry = ledger.revoke(intent, clock.lock('req-3'), async () => undefined).catch((err: unknown) => err);
      // Assess
      expect(await grantRetry).toMatchObject({ name: 'GrantInProgressError', retryable: true });
      expect(await revokeRetry).toMatchObject({ name: 'GrantInProgressError', retryable: true });
      expect(retry).not.toHaveBeenCalled();
      grant.finish();
    });

    it('undoes an abandoned @Grant that succeeds later, through @Revoke with its data; the record goes FAILED and a retry runs again', async () => {
      // Prepare
      const intent = anIntent();
      const ledger = newInstance();
      const grant = slowGrant(intent);
      await abandonGrant(ledger, intent, grant.run);
      // Act
      grant.finish();
      await settleAll();
      // Assess
      expect(app.size).toBe(0);
      const record = await store.get(intent.grantId);
      expect(record).toMatchObject({ status: 'FAILED' });
      expect(record).not.toHaveProperty('lockOwner');
      expect(record?.history.at(-1)?.note).toMatch(/late grant undone/);
      const retry = await ledger.grant(intent, clock.lock('req-2'), async () => ({ data: { membershipId: app.add(intent) } }));
      expect(retry.record.status).toBe('GRANTED');
      expect(app.size).toBe(1);
    });

    it('a revoke that took over meanwhile (another instance, lock expired) leaves no access: the late success is undone', async () => {
      // Prepare
      const intent = anIntent();
      const grant = slowGrant(intent);
      await abandonGrant(newInstance(), intent, grant.run);
      clock.advance(LOCK_MS + 1);
      const revoked = await newInstance().revoke(intent, clock.lock('req-2'), async (record) => app.remove(record?.data?.membershipId as string | undefined));
      // Act
      grant.finish();
      await settleAll();
      // Assess
      expect(revoked.record.status).toBe('REVOKED');
      expect(app.size).toBe(0);
      const record = await store.get(intent.grantId);
      expect(record?.status).toBe('REVOKED');
      expect(record?.history.at(-1)?.note).toMatch(/late grant undone/);
    });

    it('keeps a late success when a later invocation has meanwhile granted the grant_id: the access is what the record says', async () => {
      // Prepare
      const intent = anIntent();
      const deadline = manualDeadline();
      const grant = slowGrant(intent);
      const undo = jest.fn(undoIn(app));
      const first = newInstance().grant(intent, clock.lock('req-1'), grant.run, { deadline, undo }).catch(() => undefined);
      await settleAll();
      deadline.fire();
      await first;
      clock.advance(LOCK_MS + 1);
      await newInstance().grant(intent, clock.lock('req-2'), async () => ({ data: { membershipId: 'm-later' } }));
      // Act
      grant.finish();
      await settleAll();
      // Assess
      expect(undo).not.toHaveBeenCalled();
      const record = await store.get(intent.grantId);
      expect(record).toMatchObject({ status: 'GRANTED', data: { membershipId: 'm-later' } });
      expect(record?.history.at(-1)?.note).toMatch(/later invocation had granted/);
    });

    it('when undoing the late success fails, a record still its own goes GRANTED with the data, so a revoke takes the access back', async () => {
      // Prepare
      const intent = anIntent();
      const ledger = newInstance();
      const deadline = manualDeadline();
      const grant = slowGrant(intent);
      const failingUndo = async () => { throw new Error('portal down'); };
      const first = ledger.grant(intent, clock.lock('req-1'), grant.run, { deadline, undo: failingUndo }).catch(() => undefined);
      await settleAll();
      deadline.fire();
      await first;
      grant.finish();
      await settleAll();
      // Act
      const revoked = await ledger.revoke(intent, clock.lock('req-2'), async (record) => app.remove(record?.data?.membershipId as string | undefined));
      // Assess
      expect(revoked.record.history.map((t) => t.to)).toEqual(['GRANTING', 'GRANTED', 'REVOKING', 'REVOKED']);
      expect(revoked.record.history[1]?.note).toMatch(/NOT undone/);
      expect(app.size).toBe(0);
    });

    it('an abandoned @Grant that fails later leaves the record FAILED and unlocked', async () => {
      // Prepare
      const intent = anIntent();
      const deadline = manualDeadline();
      const hold = deferred<GrantMethodResult>();
      const first = newInstance().grant(intent, clock.lock('req-1'), () => hold.promise, options(deadline)).catch(() => undefined);
      await settleAll();
      deadline.fire();
      await first;
      // Act
      hold.reject(new Error('connection reset'));
      await settleAll();
      // Assess
      const record = await store.get(intent.grantId);
      expect(record).toMatchObject({ status: 'FAILED', lastError: 'connection reset' });
      expect(record).not.toHaveProperty('lockOwner');
    });

    it('an abandoned @Revoke counts as not done: once it ends the record is GRANTED again, and the retry revokes', async () => {
      // Prepare
      const intent = anIntent();
      const ledger = newInstance();
      await ledger.grant(intent, clock.lock(), async () => ({ data: { membershipId: app.add(intent) } }));
      const deadline = manualDeadline();
      const hold = deferred<void>();
      const first = ledger.revoke(intent, clock.lock('req-1'), () => hold.promise, { deadline }).catch((err: unknown) => err);
      await settleAll();
      deadline.fire();
      expect(await first).toMatchObject({ name: 'DeadlineExceededError' });
      // Act
      hold.resolve();
      await settleAll();
      const retry = await ledger.revoke(intent, clock.lock('req-2'), async (record) => app.remove(record?.data?.membershipId as string | undefined));
      // Assess
      expect(retry.record.history.map((t) => t.to)).toEqual(['GRANTING', 'GRANTED', 'REVOKING', 'GRANTED', 'REVOKING', 'REVOKED']);
      expect(app.size).toBe(0);
    });

    it('starts no method when the deadline has already passed: DeadlineExceededError, method not run, lock released', async () => {
      // Prepare
      const intent = anIntent();
      const deadline = manualDeadline();
      deadline.fire();
      const run = jest.fn(async () => ({}));
      // Act
      const answer = newInstance().grant(intent, clock.lock(), run, { deadline }).catch((err: unknown) => err);
      // Assess
      expect(isIntegrationError(await answer, 'DeadlineExceededError')).toBe(true);
      expect(run).not.toHaveBeenCalled();
      expect(await store.get(intent.grantId)).not.toHaveProperty('lockOwner');
    });

    it("keeps a succeeded @Grant's data when the settling write fails: the revoke in the same instance gets it", async () => {
      // Prepare: the store fails the 2nd write (the settling one) only
      const intent = anIntent();
      const ledger = new GrantLedger(new FaultyGrantStore(store, new Set([2])), { now: clock.now });
      const granted = ledger.grant(intent, clock.lock('req-1'), async () => ({ data: { membershipId: app.add(intent) } }));
      await expect(granted).rejects.toMatchObject({ name: 'GrantStoreUnavailableError', retryable: true });
      const revokeRun = jest.fn(async (record: GrantRecord | undefined) => app.remove(record?.data?.membershipId as string | undefined));
      // Act
      const revoked = await ledger.revoke(intent, clock.lock('req-2'), revokeRun);
      // Assess
      expect(revokeRun.mock.calls[0]?.[0]).toMatchObject({ data: { membershipId: 'm-1' } });
      expect(revoked.record.status).toBe('REVOKED');
      expect(app.size).toBe(0);
    });

    it('writes the kept outcome first when the grant is retried in the same instance: a replay, the method not run again', async () => {
      // Prepare
      const intent = anIntent();
      const ledger = new GrantLedger(new FaultyGrantStore(store, new Set([2])), { now: clock.now });
      await ledger.grant(intent, clock.lock('req-1'), async () => ({ data: { membershipId: app.add(intent) } })).catch(() => undefined);
      const retryRun = jest.fn(async () => ({}));
      // Act
      const retry = await ledger.grant(intent, clock.lock('req-2'), retryRun);
      // Assess
      expect(retryRun).not.toHaveBeenCalled();
      expect(retry).toMatchObject({ replayed: true, record: { status: 'GRANTED', data: { membershipId: 'm-1' } } });
    });
  });
}
