/** The credential half of every GrantStore: the lock, the conditional event write, the release. */
import type { CredentialWrite, GrantStore } from '../../src/grants/grant-store';
import { START_MS, type StoreFactory } from './grant-fixtures';

const LOCKED_UNTIL = START_MS + 1_000;
const lock = (owner: string, expiresAtMs = LOCKED_UNTIL) => ({ owner, expiresAtMs });

function resetWrite(lockOwner: string, atMs = START_MS): CredentialWrite {
  return {
    lockOwner,
    set: { username: 'u', resourceType: 't', resources: ['r'], status: 'ACTIVE', resetAtMs: atMs, updatedAtMs: atMs },
    resetCount: 'increment',
    appendHistory: { action: 'reset', to: 'ACTIVE', atMs, by: lockOwner },
  };
}

export function describeCredentialStoreContract(makeStore: StoreFactory): void {
  describe('CredentialStore contract', () => {
    let store: GrantStore;
    beforeEach(async () => {
      store = await makeStore();
    });

    it('locks credentials never seen: no record yet, and the lock alone is not listed as one', async () => {
      // Act
      const result = await store.lockCredential('c-1', lock('a'), START_MS);
      // Assess
      expect(result).toEqual({ locked: true });
      expect(await store.getCredential('c-1')).toBeUndefined();
      expect(await store.listCredentials()).toEqual([]);
    });

    it('refuses a second lock while the first lives, with its expiry; takes it over once expired (at the boundary too)', async () => {
      // Prepare
      await store.lockCredential('c-1', lock('a'), START_MS);
      // Act
      const whileLive = await store.lockCredential('c-1', lock('b', LOCKED_UNTIL + 1_000), LOCKED_UNTIL - 1);
      const atExpiry = await store.lockCredential('c-1', lock('b', LOCKED_UNTIL + 1_000), LOCKED_UNTIL);
      // Assess
      expect(whileLive).toEqual({ locked: false, lockExpiresAtMs: LOCKED_UNTIL });
      expect(atExpiry.locked).toBe(true);
      expect(await store.writeCredential('c-1', resetWrite('a'))).toEqual({ applied: false });
      expect((await store.writeCredential('c-1', resetWrite('b'))).applied).toBe(true);
    });

    it('re-takes a lock its owner already holds (a lock write resent after its response was lost), refusing anyone else', async () => {
      // Prepare
      await store.lockCredential('c-1', lock('a'), START_MS);
      // Act
      const again = await store.lockCredential('c-1', lock('a'), START_MS);
      const other = await store.lockCredential('c-1', lock('b'), START_MS);
      const recorded = await store.writeCredential('c-1', resetWrite('a'));
      await store.lockCredential('c-1', lock('c'), START_MS);
      const againOnRecord = await store.lockCredential('c-1', lock('c'), START_MS);
      // Assess
      expect(again).toEqual({ locked: true });
      expect(other).toEqual({ locked: false, lockExpiresAtMs: LOCKED_UNTIL });
      expect(recorded.applied).toBe(true);
      expect(againOnRecord).toEqual({ locked: true, record: { ...(recorded.applied ? recorded.record : {}), lockOwner: 'c', lockExpiresAtMs: LOCKED_UNTIL } });
    });

    it('records an event only for the lock owner, releases the lock in the same write, and hands the record to the next lock', async () => {
      // Prepare
      await store.lockCredential('c-1', lock('a'), START_MS);
      // Act
      const wrongOwner = await store.writeCredential('c-1', resetWrite('someone-else'));
      const written = await store.writeCredential('c-1', resetWrite('a'));
      const next = await store.lockCredential('c-1', lock('b'), START_MS);
      // Assess
      expect(wrongOwner).toEqual({ applied: false });
      expect(written.applied && written.record).toEqual({
        credentialId: 'c-1', username: 'u', resourceType: 't', resources: ['r'], status: 'ACTIVE',
        resetAtMs: START_MS, updatedAtMs: START_MS, resetCount: 1, history: [{ action: 'reset', to: 'ACTIVE', atMs: START_MS, by: 'a' }],
      });
      expect(next).toEqual({ locked: true, record: { ...(written.applied ? written.record : {}), lockOwner: 'b', lockExpiresAtMs: LOCKED_UNTIL } });
    });

    it('refuses an event write on credentials nobody locked', async () => {
      // Act / Assess
      expect(await store.writeCredential('c-1', resetWrite('a'))).toEqual({ applied: false });
      expect(await store.getCredential('c-1')).toBeUndefined();
    });

    it('replaces the history with keptHistory followed by the new entry, when a write gives keptHistory', async () => {
      // Prepare
      for (const owner of ['a', 'b', 'c']) {
        await store.lockCredential('c-1', lock(owner), START_MS);
        await store.writeCredential('c-1', resetWrite(owner));
      }
      await store.lockCredential('c-1', lock('d'), START_MS);
      // Act
      const written = await store.writeCredential('c-1', { ...resetWrite('d'), keptHistory: [{ action: 'create', to: 'ACTIVE', atMs: 1, by: 'kept' }] });
      // Assess
      expect(written.applied && written.record.history.map((t) => t.by)).toEqual(['kept', 'd']);
      expect(written.applied && written.record.resetCount).toBe(4);
    });

    it('releases a lock without recording anything, only for its owner', async () => {
      // Prepare
      await store.lockCredential('c-1', lock('a'), START_MS);
      const recorded = await store.writeCredential('c-1', resetWrite('a'));
      await store.lockCredential('c-1', lock('b'), START_MS);
      // Act
      const wrongOwner = await store.releaseCredential('c-1', { owner: 'a', forget: false });
      const released = await store.releaseCredential('c-1', { owner: 'b', forget: false });
      // Assess
      expect(wrongOwner).toBe(false);
      expect(released).toBe(true);
      expect(await store.getCredential('c-1')).toEqual(recorded.applied && recorded.record);
      expect((await store.lockCredential('c-1', lock('c'), START_MS)).locked).toBe(true);
    });

    it('forgets credentials whose first event failed: the lock goes and nothing is left', async () => {
      // Prepare
      await store.lockCredential('c-1', lock('a'), START_MS);
      // Act
      const wrongOwner = await store.releaseCredential('c-1', { owner: 'b', forget: true });
      const forgotten = await store.releaseCredential('c-1', { owner: 'a', forget: true });
      // Assess
      expect(wrongOwner).toBe(false);
      expect(forgotten).toBe(true);
      expect(await store.getCredential('c-1')).toBeUndefined();
      expect(await store.listCredentials()).toEqual([]);
      expect(await store.lockCredential('c-1', lock('c'), START_MS)).toEqual({ locked: true });
    });

    it('never forgets a recorded event, even when told to', async () => {
      // Prepare
      await store.lockCredential('c-1', lock('a'), START_MS);
      const recorded = await store.writeCredential('c-1', resetWrite('a'));
      await store.lockCredential('c-1', lock('b'), START_MS);
      // Act
      const forgotten = await store.releaseCredential('c-1', { owner: 'b', forget: true });
      // Assess
      expect(forgotten).toBe(false);
      expect(await store.getCredential('c-1')).toMatchObject({ history: recorded.applied ? recorded.record.history : [] });
    });
  });
}
