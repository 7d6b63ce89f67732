import { Grant, Integration, ListResources, Revoke } from 'apono-lambda-kit';
import type { GrantRequest, Invocation } from 'apono-lambda-kit';
import { createTestHarness } from 'apono-lambda-kit/testing';

/** A backend query a client cannot abort: only a cancel from outside stops it. */
const backend = { cancelled: 0, cancel() { this.cancelled++; } };

class CancellingIntegration extends Integration {
  @ListResources() list() { return { resources: [], permissions: [] }; }
  @Grant()
  async grant(_req: GrantRequest, { onAbort }: Invocation) {
    onAbort(() => backend.cancel());
    onAbort(() => { throw new Error('a cleanup that fails'); });
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  @Revoke() revoke() {}
}

describe('invocation.onAbort', () => {
  it('runs each cleanup once when the deadline fires, and logs (does not throw) a failing one', async () => {
    // Prepare
    backend.cancelled = 0;
    const harness = createTestHarness(CancellingIntegration, { remainingTimeMs: 120, bootstrap: { deadlineMarginMs: 100 } });
    // Act
    await harness.grant().catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Assess
    expect(backend.cancelled).toBe(1);
    expect(harness.logs.some((line) => line.message === 'an onAbort cleanup failed')).toBe(true);
  });

  it('runs no cleanup when the method finishes in time', async () => {
    // Prepare
    backend.cancelled = 0;
    const harness = createTestHarness(CancellingIntegration, { remainingTimeMs: 5_000 });
    // Act
    await harness.grant();
    // Assess
    expect(backend.cancelled).toBe(0);
  });
});
