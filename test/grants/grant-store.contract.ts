/** The behaviour every GrantStore must have: run by memory-grant-store.test.ts and dynamodb-grant-store.test.ts. */
import type { GrantStore, GrantWrite } from '../../src/grants/grant-store';
import { anIntent, recordCredentialEvent, seedRecord, START_MS, type StoreFactory } from './grant-fixtures';

const LOCKED_UNTIL = START_MS + 1_000;

function finishWrite(owner: string, data?: Record<string, unknown>): GrantWrite {
  return {
    when: { status: ['GRANTING'], lockOwner: owner },
    set: { status: 'GRANTED', updatedAtMs: START_MS + 1, ...(data ? { data } : {}) },
    remove: ['lockOwner', 'lockExpiresAtMs'],
    appendHistory: { from: 'GRANTING', to: 'GRANTED', atMs: START_MS + 1, by: owner },
  };
}

export function describeGrantStoreContract(makeStore: StoreFactory): void {
  describe('GrantStore contract', () => {
    let store: GrantStore;
    beforeEach(async () => {
      store = await makeStore();
    });

    it('creates a record when the condition is "absent" and returns it with its first history entry', async () => {
      // Prepare
      const intent = anIntent();
      // Act
      const record = await seedRecord(store, intent, 'GRANTING', { lockExpiresAtMs: LOCKED_UNTIL });
      // Assess
      expect(record).toMatchObject({ grantId: intent.grantId, status: 'GRANTING', lockOwner: 'crashed-invocation', lockExpiresAtMs: LOCKED_UNTIL });
      expect(record.history).toEqual([{ to: 'GRANTING', atMs: START_MS, by: 'seed' }]);
      expect(await store.get(intent.grantId)).toEqual(record);
    });

    it('refuses an "absent" write on an existing record and returns the current record', async () => {
      // Prepare
      const intent = anIntent();
      const seeded = await seedRecord(store, intent, 'GRANTED', { data: { id: 1 } });
      // Act
      const result = await store.transition(intent.grantId, {
        when: { absent: true },
        set: { status: 'REVOKED' },
        appendHistory: { to: 'REVOKED', atMs: START_MS, by: 'x' },
      });
      // Assess
      expect(result).toEqual({ applied: false, current: seeded });
    });

    it('refuses a status write on a missing record without a current record', async () => {
      // Act
      const result = await store.transition(anIntent().grantId, finishWrite('me'));
      // Assess
      expect(result).toEqual({ applied: false });
    });

    it('applies a write only when the status and the lock owner match', async () => {
      // Prepare
      const intent = anIntent();
      await seedRecord(store, intent, 'GRANTING', { lockExpiresAtMs: LOCKED_UNTIL });
      // Act
      const wrongOwner = await store.transition(intent.grantId, finishWrite('someone-else'));
      const rightOwner = await store.transition(intent.grantId, finishWrite('crashed-invocation', { ids: ['m-1'] }));
      // Assess
      expect(wrongOwner.applied).toBe(false);
      expect(rightOwner.applied).toBe(true);
      if (!rightOwner.applied) return;
      expect(rightOwner.record.status).toBe('GRANTED');
      expect(rightOwner.record.data).toEqual({ ids: ['m-1'] });
      expect(rightOwner.record).not.toHaveProperty('lockOwner');
      expect(rightOwner.record).not.toHaveProperty('lockExpiresAtMs');
    });

    it('refuses a write whose status is not in the list', async () => {
      // Prepare
      const intent = anIntent();
      await seedRecord(store, intent, 'FAILED');
      // Act
      const result = await store.transition(intent.grantId, { ...finishWrite('crashed-invocation'), when: { status: ['GRANTING', 'GRANTED'] } });
      // Assess
      expect(result.applied).toBe(false);
      expect(!result.applied && result.current?.status).toBe('FAILED');
    });

    it('treats a lock expiring exactly at the given time as expired, and a later one as live', async () => {
      // Prepare
      const atBoundary = anIntent();
      const live = anIntent();
      await seedRecord(store, atBoundary, 'GRANTING', { lockExpiresAtMs: LOCKED_UNTIL });
      await seedRecord(store, live, 'GRANTING', { lockExpiresAtMs: LOCKED_UNTIL + 1 });
      const takeOver = (intentId: string) =>
        store.transition(intentId, {
          when: { status: ['GRANTING'], lockExpiresAtOrBeforeMs: LOCKED_UNTIL },
          set: { lockOwner: 'new-owner', lockExpiresAtMs: LOCKED_UNTIL + 30_000 },
          appendHistory: { from: 'GRANTING', to: 'GRANTING', atMs: LOCKED_UNTIL, by: 'new-owner' },
        });
      // Act
      const expired = await takeOver(atBoundary.grantId);
      const stillLive = await takeOver(live.grantId);
      // Assess
      expect(expired.applied && expired.record.lockOwner).toBe('new-owner');
      expect(stillLive.applied).toBe(false);
    });

    it('treats a record without a lock as having an expired lock', async () => {
      // Prepare
      const intent = anIntent();
      await seedRecord(store, intent, 'FAILED');
      // Act
      const result = await store.transition(intent.grantId, {
        when: { status: ['FAILED'], lockExpiresAtOrBeforeMs: START_MS },
        set: { status: 'GRANTING' },
        appendHistory: { from: 'FAILED', to: 'GRANTING', atMs: START_MS, by: 'me' },
      });
      // Assess
      expect(result.applied).toBe(true);
    });

    it('applies a write only when the payload hash matches', async () => {
      // Prepare
      const intent = anIntent();
      const seeded = await seedRecord(store, intent, 'FAILED');
      const relock = (payloadHash: string) =>
        store.transition(intent.grantId, {
          when: { status: ['FAILED'], payloadHash },
          set: { status: 'GRANTING' },
          appendHistory: { from: 'FAILED', to: 'GRANTING', atMs: START_MS, by: 'me' },
        });
      // Act
      const other = await relock('0'.repeat(64));
      const same = await relock(seeded.payloadHash);
      // Assess
      expect(other.applied).toBe(false);
      expect(same.applied).toBe(true);
    });

    it('keeps data and history that a later write does not name, and appends history in order', async () => {
      // Prepare
      const intent = anIntent();
      await seedRecord(store, intent, 'GRANTING', { lockExpiresAtMs: LOCKED_UNTIL });
      await store.transition(intent.grantId, finishWrite('crashed-invocation', { nested: { list: [1, 'two', true, null] } }));
      // Act
      const result = await store.transition(intent.grantId, {
        when: { status: ['GRANTED'] },
        set: { status: 'REVOKING', lockOwner: 'r', lockExpiresAtMs: LOCKED_UNTIL },
        appendHistory: { from: 'GRANTED', to: 'REVOKING', atMs: START_MS + 2, by: 'r' },
      });
      // Assess
      expect(result.applied && result.record.data).toEqual({ nested: { list: [1, 'two', true, null] } });
      expect(result.applied && result.record.history.map((t) => t.to)).toEqual(['GRANTING', 'GRANTED', 'REVOKING']);
    });

    it('replaces the history with keptHistory followed by the new entry, when a write gives keptHistory', async () => {
      // Prepare
      const intent = anIntent();
      await seedRecord(store, intent, 'GRANTING', { lockExpiresAtMs: LOCKED_UNTIL });
      const kept = [{ to: 'GRANTING' as const, atMs: START_MS, by: 'seed' }, { from: 'FAILED' as const, to: 'GRANTING' as const, atMs: START_MS, by: 'kept', error: 'e' }];
      // Act
      const result = await store.transition(intent.grantId, { ...finishWrite('crashed-invocation'), keptHistory: kept });
      // Assess
      expect(result.applied && result.record.history).toEqual([...kept, { from: 'GRANTING', to: 'GRANTED', atMs: START_MS + 1, by: 'crashed-invocation' }]);
      expect((await store.get(intent.grantId))?.history).toHaveLength(3);
    });

    it('refuses a write that replaces the history without a lockOwner condition', async () => {
      // Prepare
      const intent = anIntent();
      await seedRecord(store, intent, 'GRANTING', { lockExpiresAtMs: LOCKED_UNTIL });
      // Act
      const write = store.transition(intent.grantId, { ...finishWrite('crashed-invocation'), when: { status: ['GRANTING'] }, keptHistory: [] });
      // Assess
      await expect(write).rejects.toThrow(TypeError);
      expect((await store.get(intent.grantId))?.status).toBe('GRANTING');
    });

    it('round-trips every record field, including empty strings, empty lists and error messages', async () => {
      // Prepare
      const intent = anIntent({ resources: [], permission: '' });
      await seedRecord(store, intent, 'GRANTING', { lockExpiresAtMs: LOCKED_UNTIL });
      // Act
      const result = await store.transition(intent.grantId, {
        when: { status: ['GRANTING'] },
        set: { status: 'REVOKED', lastError: 'boom: "quoted"', expiresAtEpochSec: 1_800_000_000, data: { empty: {}, list: [] } },
        remove: ['lockOwner', 'lockExpiresAtMs'],
        appendHistory: { from: 'GRANTING', to: 'REVOKED', atMs: START_MS, by: 'me', error: 'boom', note: 'n' },
      });
      // Assess
      const stored = await store.get(intent.grantId);
      expect(result.applied && result.record).toEqual(stored);
      expect(stored).toMatchObject({ resources: [], permission: '', lastError: 'boom: "quoted"', expiresAtEpochSec: 1_800_000_000, data: { empty: {}, list: [] } });
      expect(stored?.history[1]).toEqual({ from: 'GRANTING', to: 'REVOKED', atMs: START_MS, by: 'me', error: 'boom', note: 'n' });
    });

    it('refuses a write that sets and removes the same field', async () => {
      // Prepare
      const intent = anIntent();
      await seedRecord(store, intent, 'GRANTING', { lockExpiresAtMs: LOCKED_UNTIL });
      // Act
      const write = store.transition(intent.grantId, { ...finishWrite('crashed-invocation'), set: { lockOwner: 'x' } });
      // Assess
      await expect(write).rejects.toThrow(TypeError);
    });

    it('returns undefined for an unknown grant_id', async () => {
      // Act / Assess
      expect(await store.get(anIntent().grantId)).toBeUndefined();
    });

    it('hands out copies: mutating a returned record changes nothing stored', async () => {
      // Prepare
      const intent = anIntent();
      const seeded = await seedRecord(store, intent, 'GRANTED', { data: { ids: ['a'] } });
      const read = await store.get(intent.grantId);
      // Act
      seeded.status = 'REVOKED';
      seeded.history.push({ to: 'REVOKED', atMs: 0, by: 'x' });
      (read?.data?.ids as string[]).push('b');
      // Assess
      const stored = await store.get(intent.grantId);
      expect(stored?.status).toBe('GRANTED');
      expect(stored?.history).toHaveLength(1);
      expect(stored?.data).toEqual({ ids: ['a'] });
    });

    it('lists grant records, filtered by status and cut at the limit, without credential records', async () => {
      // Prepare
      await seedRecord(store, anIntent(), 'GRANTED');
      await seedRecord(store, anIntent(), 'GRANTED');
      await seedRecord(store, anIntent(), 'REVOKED');
      await recordCredentialEvent(store, 'c-1', {
        set: { username: 'u', resourceType: 't', resources: [], status: 'ACTIVE', updatedAtMs: START_MS },
        resetCount: 'zero',
        appendHistory: { action: 'create', to: 'ACTIVE', atMs: START_MS, by: 'x' },
      });
      // Act
      const all = await store.list();
      const granted = await store.list({ status: 'GRANTED' });
      const one = await store.list({ limit: 1 });
      // Assess
      expect(all).toHaveLength(3);
      expect(granted.map((r) => r.status)).toEqual(['GRANTED', 'GRANTED']);
      expect(one).toHaveLength(1);
    });

    it('upserts credential records: zero, increment and keep the reset count, and append history', async () => {
      // Prepare
      const set = { username: 'u', resourceType: 't', resources: ['r'], updatedAtMs: START_MS };
      const event = (action: 'create' | 'reset' | 'delete') => ({ action, to: 'ACTIVE' as const, atMs: START_MS, by: 'x' });
      // Act
      const reset = await recordCredentialEvent(store, 'c-2', { set: { ...set, status: 'ACTIVE', resetAtMs: 5 }, resetCount: 'increment', appendHistory: event('reset') });
      const again = await recordCredentialEvent(store, 'c-2', { set: { ...set, status: 'ACTIVE', resetAtMs: 6 }, resetCount: 'increment', appendHistory: event('reset') });
      const deleted = await recordCredentialEvent(store, 'c-2', { set: { ...set, status: 'DELETED', deletedAtMs: 7 }, resetCount: 'keep', appendHistory: event('delete') });
      const created = await recordCredentialEvent(store, 'c-2', { set: { ...set, status: 'ACTIVE', createdAtMs: 8 }, resetCount: 'zero', appendHistory: event('create') });
      // Assess
      expect([reset.resetCount, again.resetCount, deleted.resetCount, created.resetCount]).toEqual([1, 2, 2, 0]);
      expect(created).toMatchObject({ credentialId: 'c-2', status: 'ACTIVE', resetAtMs: 6, deletedAtMs: 7, createdAtMs: 8 });
      expect(created.history.map((t) => t.action)).toEqual(['reset', 'reset', 'delete', 'create']);
      expect(await store.getCredential('c-2')).toEqual(created);
      expect(await store.listCredentials()).toEqual([created]);
    });

    it('returns undefined for an unknown credential record', async () => {
      // Act / Assess
      expect(await store.getCredential('unknown')).toBeUndefined();
    });
  });
}
