/** RecordLimits through both ledgers, on a given store: records stay small however often events fail or repeat. */
import { CredentialLedger } from '../../src/grants/credential-ledger';
import { RecordLimits } from '../../src/grants/constants';
import { GrantLedger, type GrantMethodResult } from '../../src/grants/grant-ledger';
import type { GrantStore } from '../../src/grants/grant-store';
import { credentialIdFor, type GrantRecord } from '../../src/grants/records';
import { anIntent, deferred, type StoreFactory, TestClock } from './grant-fixtures';

const MAX_ENTRIES = RecordLimits.maxHistoryEntries;
/** Enough attempts that an unbounded history (2 entries per attempt) would pass the cap twice over. */
const ATTEMPTS = MAX_ENTRIES + 10;

export function describeRecordBoundsContract(makeStore: StoreFactory): void {
  describe('record bounds (RecordLimits)', () => {
    let store: GrantStore;
    let clock: TestClock;
    let ledger: GrantLedger;
    beforeEach(async () => {
      store = await makeStore();
      clock = new TestClock();
      ledger = new GrantLedger(store, { now: clock.now });
    });

    const failWith = (message: string) => async (): Promise<GrantMethodResult> => { throw new Error(message); };

    it('a failed grant keeps its error message cut to maxErrorMessageBytes, in lastError and in its history entry alike', async () => {
      // Prepare
      const intent = anIntent();
      const message = `portal said 500: ${'<html>'.repeat(2_000)}`;
      // Act
      const result = ledger.grant(intent, clock.lock(), failWith(message));
      // Assess
      await expect(result).rejects.toThrow(message); // the caller still gets the whole error
      const record = await store.get(intent.grantId);
      expect(Buffer.byteLength(record?.lastError ?? '')).toBeLessThanOrEqual(RecordLimits.maxErrorMessageBytes);
      expect(record?.lastError).toMatch(/^portal said 500: <html>.*… \[truncated from \d+ bytes\]$/);
      expect(record?.history.at(-1)?.error).toBe(record?.lastError);
    });

    it('many failed grants: the history keeps its first entry and the most recent ones, at most maxHistoryEntries, in order', async () => {
      // Prepare
      const intent = anIntent();
      // Act
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        clock.advance(1);
        await ledger.grant(intent, clock.lock(`req-${attempt}`), failWith('flaky')).catch(() => undefined);
      }
      // Assess
      const history = (await store.get(intent.grantId))?.history ?? [];
      expect(history).toHaveLength(MAX_ENTRIES);
      expect(history[0]).toMatchObject({ to: 'GRANTING', by: 'req-0' });
      expect(history[0]).not.toHaveProperty('from');
      const recent = history.slice(1).map((t) => `${t.by} ${t.to}`);
      const expected = Array.from({ length: ATTEMPTS }, (_, i) => [`req-${i} GRANTING`, `req-${i} FAILED`]).flat();
      expect(recent).toEqual(expected.slice(-(MAX_ENTRIES - 1)));
    });

    it('while an event holds the lock, the history stays at the cap (the lock write trims it), and so does settling', async () => {
      // Prepare
      const intent = anIntent();
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        await ledger.grant(intent, clock.lock(), failWith('flaky')).catch(() => undefined);
      }
      const hold = deferred<GrantMethodResult>();
      const running = ledger.grant(intent, clock.lock(), () => hold.promise);
      // Act
      const whileLocked = await waitForGrantStatus(store, intent.grantId, 'GRANTING');
      hold.resolve({ data: { id: 'm-1' } });
      const outcome = await running;
      // Assess
      expect(whileLocked.history).toHaveLength(MAX_ENTRIES);
      expect(outcome.record.history).toHaveLength(MAX_ENTRIES);
      expect(outcome.record.history.slice(-2).map((t) => t.to)).toEqual(['GRANTING', 'GRANTED']);
    });

    it('many failed revokes: a later revoke still hands @Revoke the granted record and its data (the creation entry is kept)', async () => {
      // Prepare
      const intent = anIntent();
      await ledger.grant(intent, clock.lock(), async () => ({ data: { membershipIds: ['m-1'] } }));
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        await ledger.revoke(intent, clock.lock(), async () => { throw new Error('portal down'); }).catch(() => undefined);
      }
      const run = jest.fn(async (_record: GrantRecord | undefined) => undefined);
      // Act
      const outcome = await ledger.revoke(intent, clock.lock(), run);
      // Assess
      expect(run.mock.calls[0]![0]).toMatchObject({ grantId: intent.grantId, data: { membershipIds: ['m-1'] } });
      expect(outcome.record.status).toBe('REVOKED');
      expect(outcome.record.history).toHaveLength(MAX_ENTRIES);
      expect(outcome.record.history[0]).toMatchObject({ to: 'GRANTING' });
    });

    it('a resource type over 256 characters is kept whole on a grant, so @Revoke gets the one that was granted', async () => {
      // Prepare
      const intent = anIntent({ resourceType: `schema.${'t'.repeat(300)}` });
      await ledger.grant(intent, clock.lock('req-1'), async () => ({ data: { id: 'm-1' } }));
      let revokedType: string | undefined;
      // Act
      clock.advance(1);
      await ledger.revoke(intent, clock.lock('req-2'), async (record) => {
        revokedType = record?.resourceType;
      });
      // Assess
      expect(revokedType).toBe(intent.resourceType);
    });

    it('many credential resets: the history keeps the first event and the most recent ones, at most maxHistoryEntries', async () => {
      // Prepare
      const credentials = new CredentialLedger(store, { now: clock.now });
      const key = { username: 'ada@example.com', resourceType: 'database', resources: ['db-1'] };
      await credentials.track('create', key, clock.lock('req-create'), async () => ({ secret: 'not-kept' }));
      // Act
      for (let reset = 0; reset < ATTEMPTS * 2; reset++) {
        clock.advance(1);
        await credentials.track('reset', key, clock.lock(`req-${reset}`), async () => ({ secret: 'not-kept' }));
      }
      // Assess
      const record = await store.getCredential(credentialIdFor(key));
      expect(record?.resetCount).toBe(ATTEMPTS * 2);
      expect(record?.history).toHaveLength(MAX_ENTRIES);
      expect(record?.history[0]).toMatchObject({ action: 'create', by: 'req-create' });
      expect(record?.history.slice(1).map((t) => t.by)).toEqual(
        Array.from({ length: ATTEMPTS * 2 }, (_, i) => `req-${i}`).slice(-(MAX_ENTRIES - 1)),
      );
    });
  });
}

/** Polls until the grant record reaches `status`, and returns it. */
async function waitForGrantStatus(store: GrantStore, grantId: string, status: string): Promise<GrantRecord> {
  for (let i = 0; i < 200; i++) {
    const record = await store.get(grantId);
    if (record?.status === status) return record;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`record ${grantId} never reached ${status}`);
}
