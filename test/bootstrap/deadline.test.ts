import { Grant, Integration, ListResources, Revoke } from 'apono-lambda-kit';
import type { Invocation } from 'apono-lambda-kit';
import { createTestHarness } from 'apono-lambda-kit/testing';

class SlowIntegration extends Integration {
  static aborted = false;
  @ListResources() list() { return { resources: [], permissions: [] }; }
  @Grant() async grant(_req: unknown, { signal }: Invocation) {
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => { SlowIntegration.aborted = true; resolve(); }));
    await new Promise((r) => setTimeout(r, 50));
  }
  @Revoke() revoke() {}
}

class SlowRevokeIntegration extends Integration {
  @ListResources() list() { return { resources: [], permissions: [] }; }
  @Grant() grant() {}
  @Revoke() async revoke(_req: unknown, { signal }: Invocation) {
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
  }
}

describe('deadline', () => {
  it('aborts the signal and fails with a retryable DeadlineExceededError before the Lambda deadline', async () => {
    // Prepare
    SlowIntegration.aborted = false;
    const harness = createTestHarness(SlowIntegration, { remainingTimeMs: 300, bootstrap: { deadlineMarginMs: 200 } });

    // Act
    const outcome = harness.grant({ grantId: 'slow-1' });

    // Assess
    await expect(outcome).rejects.toMatchObject({ name: 'DeadlineExceededError', retryable: true });
    expect(SlowIntegration.aborted).toBe(true);
  });

  it('leaves the grant record unlocked after a deadline, so a retry can run', async () => {
    // Prepare
    const harness = createTestHarness(SlowIntegration, { remainingTimeMs: 300, bootstrap: { deadlineMarginMs: 200 } });

    // Act
    await harness.grant({ grantId: 'slow-2' }).catch(() => undefined);

    // Assess
    const record = await harness.store.get('slow-2');
    expect(record?.status).toBe('FAILED');
    expect(record?.lockOwner).toBeUndefined();
    expect(record?.lastError).toMatch(/Lambda deadline/);
  });

  it('puts a revoke that hits the deadline back to GRANTED, unlocked, so the retry can revoke', async () => {
    // Prepare
    const harness = createTestHarness(SlowRevokeIntegration, { bootstrap: { deadlineMarginMs: 200 } });
    await harness.grant({ grantId: 'slow-3' });

    // Act
    const outcome = harness.revoke({ grantId: 'slow-3', context: { remainingTimeMs: 300 } });

    // Assess
    await expect(outcome).rejects.toMatchObject({ name: 'DeadlineExceededError' });
    const record = await harness.store.get('slow-3');
    expect(record?.status).toBe('GRANTED');
    expect(record?.lockOwner).toBeUndefined();
  });
});
