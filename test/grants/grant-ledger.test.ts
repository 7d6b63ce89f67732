import { GrantLedger } from '../../src/grants/grant-ledger';
import { MemoryGrantStore } from '../../src/grants/memory-grant-store';
import { anIntent, TestClock } from './grant-fixtures';

describe('GrantLedger', () => {
  it('refuses a non-positive revokedTtlDays at construction', () => {
    // Act / Assess
    expect(() => new GrantLedger(new MemoryGrantStore(), { revokedTtlDays: 0 })).toThrow(RangeError);
  });

  it('refuses a lock without an owner or with a non-finite expiry, before touching the store', async () => {
    // Prepare
    const ledger = new GrantLedger(new MemoryGrantStore());
    const run = jest.fn(async () => undefined);
    // Act
    const noOwner = ledger.grant(anIntent(), { owner: '', expiresAtMs: 1 }, run);
    const noExpiry = ledger.revoke(anIntent(), { owner: 'req-1', expiresAtMs: Number.NaN }, run);
    // Assess
    await expect(noOwner).rejects.toThrow(TypeError);
    await expect(noExpiry).rejects.toThrow(TypeError);
    expect(run).not.toHaveBeenCalled();
  });

  describe('error messages', () => {
    const clock = new TestClock();
    const intent = anIntent({ username: 'ada@example.com' });

    async function refusal(setup: (ledger: GrantLedger) => Promise<unknown>, act: (ledger: GrantLedger) => Promise<unknown>): Promise<Error> {
      const ledger = new GrantLedger(new MemoryGrantStore(), { now: clock.now });
      await setup(ledger);
      return (await act(ledger).catch((err: unknown) => err)) as Error;
    }

    it('GrantConflictError names the grant_id and tells the operator what to check', async () => {
      // Act
      const err = await refusal(
        (l) => l.grant(intent, clock.lock(), async () => undefined),
        (l) => l.grant({ ...intent, permission: 'admin' }, clock.lock(), async () => undefined),
      );
      // Assess
      expect(err.name).toBe('GrantConflictError');
      expect(err.message).toContain(intent.grantId);
      expect(err.message).toMatch(/not applied/);
      expect(err.message).toMatch(/revoke it and request access again/);
    });

    it('GrantInProgressError names the grant_id, the lock expiry and says to retry', async () => {
      // Act
      const err = await refusal(
        async (l) => { void l.grant(intent, clock.lock('a', 5_000), () => new Promise(() => undefined)); await new Promise((r) => setImmediate(r)); },
        (l) => l.grant(intent, clock.lock('b'), async () => undefined),
      );
      // Assess
      expect(err.name).toBe('GrantInProgressError');
      expect(err.message).toContain(intent.grantId);
      expect(err.message).toContain(new Date(clock.nowMs + 5_000).toISOString());
      expect(err.message).toMatch(/Retry/);
    });

    it('GrantRevokedError names the grant_id and says a new access request is needed', async () => {
      // Act
      const err = await refusal(
        (l) => l.revoke(intent, clock.lock(), async () => undefined),
        (l) => l.grant(intent, clock.lock(), async () => undefined),
      );
      // Assess
      expect(err.name).toBe('GrantRevokedError');
      expect(err.message).toContain(intent.grantId);
      expect(err.message).toMatch(/request it again in Apono/);
    });
  });
});
