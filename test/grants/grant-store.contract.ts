/** The behaviour every GrantStore must have: run by memory-grant-store.test.ts and dynamodb-grant-store.test.ts. */
import type { GrantStore } from '../../src/grants/grant-store';
import type { GrantRecord } from '../../src/grants/records';
import { anIntent, recordCredentialEvent, seedRecord, START_MS, type StoreFactory } from './grant-fixtures';

const LOCKED_UNTIL = START_MS + 1_000;

/** `record` one write later: GRANTED, unlocked, one entry more, the version one up. */
function granted(record: GrantRecord, data?: Record<string, unknown>): GrantRecord {
  const { lockOwner: _owner, lockExpiresAtMs: _expires, ...rest } = record;
  return {
    ...rest,
    status: 'GRANTED',
    updatedAtMs: START_MS + 1,
    ...(data ? { data } : {}),
    history: [...record.history, { from: 'GRANTING', to: 'GRANTED', atMs: START_MS + 1, by: 'crashed-invocation' }],
    version: (record.version ?? 0) + 1,
  };
}

export function describeGrantStoreContract(makeStore: StoreFactory): void {
  describe('GrantStore contract', () => {
    let store: GrantStore;
    beforeEach(async () => {
      store = await makeStore();
    });

    it('creates a record when it expects none, and returns it with its first history entry', async () => {
      // Prepare
      const intent = anIntent();
      // Act
      const record = await seedRecord(store, intent, 'GRANTING', { lockExpiresAtMs: LOCKED_UNTIL });
      // Assess
      expect(record).toMatchObject({ grantId: intent.grantId, status: 'GRANTING', lockOwner: 'crashed-invocation', lockExpiresAtMs: LOCKED_UNTIL, version: 1 });
      expect(record.history).toEqual([{ to: 'GRANTING', atMs: START_MS, by: 'seed' }]);
      expect(await store.get(intent.grantId)).toEqual(record);
    });

    it('refuses a create on an existing record and returns the current record', async () => {
      // Prepare
      const intent = anIntent();
      const existing = await seedRecord(store, intent, 'GRANTED');
      // Act
      const result = await store.put({ ...existing, status: 'FAILED' }, { absent: true });
      // Assess
      expect(result).toEqual({ applied: false, current: existing });
    });

    it('refuses a versioned put on a missing record, with no current record', async () => {
      // Prepare
      const intent = anIntent();
      const seeded = await seedRecord(store, anIntent(), 'GRANTED');
      // Act
      const result = await store.put({ ...seeded, grantId: intent.grantId, version: 2 }, { version: 1 });
      // Assess
      expect(result).toEqual({ applied: false });
      expect(await store.get(intent.grantId)).toBeUndefined();
    });

    it('replaces the record only at the expected version; otherwise returns it unchanged', async () => {
      // Prepare
      const intent = anIntent();
      const seeded = await seedRecord(store, intent, 'GRANTING', { lockExpiresAtMs: LOCKED_UNTIL });
      // Act
      const stale = await store.put(granted(seeded), { version: 7 });
      const current = await store.put(granted(seeded, { id: 'm-1' }), { version: 1 });
      // Assess
      expect(stale).toEqual({ applied: false, current: seeded });
      expect(current).toEqual({ applied: true, record: granted(seeded, { id: 'm-1' }) });
      expect(await store.get(intent.grantId)).toEqual(granted(seeded, { id: 'm-1' }));
    });

    it('replaces the whole record: a field the new record lacks (the lock) is gone', async () => {
      // Prepare
      const intent = anIntent();
      const seeded = await seedRecord(store, intent, 'GRANTING', { lockExpiresAtMs: LOCKED_UNTIL });
      // Act
      await store.put(granted(seeded), { version: 1 });
      // Assess
      const stored = await store.get(intent.grantId);
      expect(stored).not.toHaveProperty('lockOwner');
      expect(stored).not.toHaveProperty('lockExpiresAtMs');
    });

    it('treats a record written without a version as version 0, and a missing record as not at version 0', async () => {
      // Prepare
      const legacy = await seedRecord(store, anIntent(), 'GRANTED');
      const { version: _version, ...unversioned } = legacy;
      const old = { ...unversioned, grantId: anIntent().grantId };
      await store.put(old, { absent: true });
      // Act
      const onLegacy = await store.put({ ...old, status: 'REVOKED', version: 1 }, { version: 0 });
      const onMissing = await store.put({ ...old, grantId: anIntent().grantId, version: 1 }, { version: 0 });
      // Assess
      expect(onLegacy.applied).toBe(true);
      expect(onMissing).toEqual({ applied: false });
    });

    it('locks a GRANTED record for a revoke without a read: REVOKING, the lock, one entry appended, the version one up, data kept', async () => {
      // Prepare
      const intent = anIntent();
      const seeded = await seedRecord(store, intent, 'GRANTED', { data: { ids: ['m-1'] } });
      const entry = { from: 'GRANTED' as const, to: 'REVOKING' as const, atMs: START_MS + 2, by: 'req-1' };
      // Act
      const result = await store.lockGranted(intent.grantId, { lockOwner: 'req-1', lockExpiresAtMs: LOCKED_UNTIL, updatedAtMs: START_MS + 2 }, entry);
      // Assess
      const expected = { ...seeded, status: 'REVOKING', lockOwner: 'req-1', lockExpiresAtMs: LOCKED_UNTIL, updatedAtMs: START_MS + 2, history: [...seeded.history, entry], version: 2 };
      expect(result).toEqual({ applied: true, record: expected });
      expect(await store.get(intent.grantId)).toEqual(expected);
    });

    it('refuses to lock for a revoke a record that is not GRANTED (returned), or missing (none returned)', async () => {
      // Prepare
      const intent = anIntent();
      const failed = await seedRecord(store, intent, 'FAILED');
      const lock = { lockOwner: 'req-1', lockExpiresAtMs: LOCKED_UNTIL, updatedAtMs: START_MS };
      const entry = { from: 'GRANTED' as const, to: 'REVOKING' as const, atMs: START_MS, by: 'req-1' };
      // Act
      const onFailed = await store.lockGranted(intent.grantId, lock, entry);
      const onMissing = await store.lockGranted(anIntent().grantId, lock, entry);
      // Assess
      expect(onFailed).toEqual({ applied: false, current: failed });
      expect(onMissing).toEqual({ applied: false });
    });

    it('round-trips every record field, including empty strings, empty lists, error messages and the tombstone flag', async () => {
      // Prepare
      const intent = anIntent({ resources: [], permission: '' });
      const seeded = await seedRecord(store, intent, 'GRANTING', { lockExpiresAtMs: LOCKED_UNTIL });
      const { lockOwner: _owner, lockExpiresAtMs: _expires, ...unlocked } = seeded;
      const next: GrantRecord = {
        ...unlocked,
        status: 'REVOKED',
        lastError: 'boom: "quoted"',
        expiresAtEpochSec: 1_800_000_000,
        data: { empty: {}, list: [] },
        tombstone: true,
        history: [...seeded.history, { from: 'GRANTING', to: 'REVOKED', atMs: START_MS, by: 'me', error: 'boom', note: 'n' }],
        version: 2,
      };
      // Act
      const result = await store.put(next, { version: 1 });
      // Assess
      const stored = await store.get(intent.grantId);
      expect(result.applied && result.record).toEqual(stored);
      expect(stored).toEqual(next);
    });

    it('refuses a record over DynamoDB’s 400 KB item limit, as DynamoDB does', async () => {
      // Prepare
      const seeded = await seedRecord(store, anIntent(), 'GRANTED');
      // Act
      const write = store.put({ ...seeded, data: { blob: 'x'.repeat(410 * 1024) }, version: 2 }, { version: 1 });
      // Assess
      await expect(write).rejects.toMatchObject({ name: 'ValidationException' });
      expect(await store.get(seeded.grantId)).toEqual(seeded);
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
      (read!.data!.ids as string[]).push('b');
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

    it('pages through every grant record exactly once, without credential records', async () => {
      // Prepare
      const seeded = await Promise.all(Array.from({ length: 7 }, () => seedRecord(store, anIntent(), 'GRANTED')));
      await recordCredentialEvent(store, 'c-page', {
        set: { username: 'u', resourceType: 't', resources: [], status: 'ACTIVE', updatedAtMs: START_MS },
        resetCount: 'zero',
        appendHistory: { action: 'create', to: 'ACTIVE', atMs: START_MS, by: 'x' },
      });
      // Act
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.page({ cursor, limit: 3 });
        seen.push(...page.records.map((r) => r.grantId));
        cursor = page.cursor;
        pages++;
      } while (cursor !== undefined && pages < 20);
      // Assess
      expect(seen.sort()).toEqual(seeded.map((r) => r.grantId).sort());
      expect(pages).toBeGreaterThan(1);
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
