/** RecordLimits' byte budgets, on a given store: every record can always reach REVOKED, however large or often failing. */
import { isIntegrationError } from '../../src/errors';
import { RecordLimits } from '../../src/grants/constants';
import { GrantLedger, type GrantMethodResult } from '../../src/grants/grant-ledger';
import type { GrantStore } from '../../src/grants/grant-store';
import { DYNAMODB_ITEM_LIMIT_BYTES, dynamoItemBytes, payloadBytes } from '../../src/grants/record-bounds';
import type { GrantIntent, GrantRecord } from '../../src/grants/records';
import { anIntent, type StoreFactory, TestClock } from './grant-fixtures';

/** An intent whose payload is `bytes` bytes, give or take one resource. */
function intentOfPayload(bytes: number): GrantIntent {
  const intent = anIntent({ resources: [] });
  const resource = 'r'.repeat(1021);
  while (payloadBytes(intent) + resource.length + 3 <= bytes) intent.resources.push(`${resource}${String(intent.resources.length).padStart(3, '0')}`.slice(0, 1021));
  return intent;
}

/** Data of exactly `bytes` bytes as JSON. */
function dataOf(bytes: number): Record<string, unknown> {
  return { blob: 'd'.repeat(bytes - '{"blob":""}'.length) };
}

/** More failures than the history keeps, each with an error far over its budget. */
const FAILURES = RecordLimits.maxHistoryEntries + 20;
const HUGE_ERROR = `upstream said: ${'<html>'.repeat(1_500)}`;

export function describeRecordBudgetsContract(makeStore: StoreFactory): void {
  describe('record budgets (RecordLimits): every record stays revocable', () => {
    let store: GrantStore;
    let clock: TestClock;
    let ledger: GrantLedger;
    beforeEach(async () => {
      store = await makeStore();
      clock = new TestClock();
      ledger = new GrantLedger(store, { now: clock.now });
    });

    it('refuses a grant whose payload is over maxPayloadBytes before its method runs, naming the size and the limit', async () => {
      // Prepare
      const intent = intentOfPayload(400 * 1024);
      const run = jest.fn(async () => ({}));
      // Act
      const result = ledger.grant(intent, clock.lock(), run).catch((err: unknown) => err);
      // Assess
      const err = (await result) as Error;
      expect(isIntegrationError(err, 'InvalidEventError')).toBe(true);
      expect(err.message).toContain(`take ${payloadBytes(intent)} bytes`);
      expect(err.message).toContain(String(RecordLimits.maxPayloadBytes));
      expect(run).not.toHaveBeenCalled();
      expect(await store.get(intent.grantId)).toBeUndefined();
    });

    it('refuses data over maxDataBytes with InvalidAnswerError and undoes the grant through @Revoke; a retry with less data succeeds', async () => {
      // Prepare
      const intent = anIntent();
      const undo = jest.fn(async (_record: GrantRecord) => undefined);
      const tooMuch = dataOf(RecordLimits.maxDataBytes + 1);
      // Act
      const result = ledger.grant(intent, clock.lock(), async () => ({ data: tooMuch }), { undo }).catch((err: unknown) => err);
      // Assess
      const err = (await result) as Error;
      expect(isIntegrationError(err, 'InvalidAnswerError')).toBe(true);
      expect(err.message).toContain(`returned ${RecordLimits.maxDataBytes + 1} bytes of data`);
      expect(undo.mock.calls[0]?.[0]).toMatchObject({ grantId: intent.grantId, data: tooMuch });
      expect((await store.get(intent.grantId))?.status).toBe('FAILED');
      const retry = await ledger.grant(intent, clock.lock(), async () => ({ data: { membershipId: 'm-1' } }));
      expect(retry.record).toMatchObject({ status: 'GRANTED', data: { membershipId: 'm-1' } });
    });

    it('undoes a grant whose data is not JSON (a BigInt) instead of leaving untracked access', async () => {
      // Prepare
      const intent = anIntent();
      const undo = jest.fn(async (_record: GrantRecord) => undefined);
      // Act
      const result = ledger.grant(intent, clock.lock(), async () => ({ data: { id: BigInt(1) } }), { undo }).catch((err: unknown) => err);
      // Assess
      expect(isIntegrationError(await result, 'InvalidAnswerError')).toBe(true);
      expect(undo).toHaveBeenCalledTimes(1);
      expect((await store.get(intent.grantId))?.status).toBe('FAILED');
    });

    it('a grant at every budget survives more failed revokes (huge errors) than the history keeps, then revokes with its data', async () => {
      // Prepare
      const intent = intentOfPayload(RecordLimits.maxPayloadBytes);
      const data = dataOf(RecordLimits.maxDataBytes);
      await ledger.grant(intent, clock.lock(), async (): Promise<GrantMethodResult> => ({ data }));
      for (let attempt = 0; attempt < FAILURES; attempt++) {
        clock.advance(1);
        const failed = await ledger.revoke(intent, clock.lock(`req-${attempt}`), async () => { throw new Error(HUGE_ERROR); }).catch((err: unknown) => err);
        expect(failed).toMatchObject({ message: HUGE_ERROR }); // the method's own error, never a store refusal
      }
      const largest = await store.get(intent.grantId);
      const run = jest.fn(async (_record: GrantRecord | undefined) => undefined);
      // Act
      const revoked = await ledger.revoke(intent, clock.lock('req-last'), run);
      // Assess
      expect(revoked.record.status).toBe('REVOKED');
      expect(run.mock.calls[0]?.[0]?.data).toEqual(data);
      expect(largest?.history).toHaveLength(RecordLimits.maxHistoryEntries);
      expect(dynamoItemBytes(largest as unknown as Record<string, unknown>)).toBeLessThan(DYNAMODB_ITEM_LIMIT_BYTES);
    });

    it('a grant at the payload budget survives more failed grants (huge errors) than the history keeps, then grants', async () => {
      // Prepare
      const intent = intentOfPayload(RecordLimits.maxPayloadBytes);
      for (let attempt = 0; attempt < FAILURES; attempt++) {
        clock.advance(1);
        const failed = await ledger.grant(intent, clock.lock(`req-${attempt}`), async () => { throw new Error(HUGE_ERROR); }).catch((err: unknown) => err);
        expect(failed).toMatchObject({ message: HUGE_ERROR });
      }
      // Act
      const granted = await ledger.grant(intent, clock.lock('req-last'), async () => ({ data: dataOf(RecordLimits.maxDataBytes) }));
      // Assess
      expect(granted.record.status).toBe('GRANTED');
      expect(granted.record.history).toHaveLength(RecordLimits.maxHistoryEntries);
    });

    it('revokes an unknown grant_id whose payload is over the budget: REVOKED, its resources not kept', async () => {
      // Prepare
      const intent = intentOfPayload(400 * 1024);
      const run = jest.fn(async (_record: GrantRecord | undefined) => undefined);
      // Act
      const revoked = await ledger.revoke(intent, clock.lock(), run);
      // Assess
      expect(run).toHaveBeenCalledWith(undefined);
      expect(revoked.record).toMatchObject({ status: 'REVOKED', resources: [], tombstone: true });
      expect(revoked.record.history[0]?.note).toMatch(/maxPayloadBytes/);
    });
  });
}
