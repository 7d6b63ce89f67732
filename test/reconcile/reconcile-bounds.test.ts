import { Grant, Integration, ListAccess, ListResources, Revoke } from 'apono-lambda-kit';
import { createTestHarness } from 'apono-lambda-kit/testing';

const HAND_MADE = 2_500;

class ManyHandMade extends Integration {
  static slowPage = false;
  @ListResources() list() { return { resources: [], permissions: [] }; }
  @Grant() grant() {}
  @Revoke() revoke() {}
  @ListAccess()
  async *access() {
    for (let i = 0; i < HAND_MADE; i++) {
      if (ManyHandMade.slowPage && i % 1000 === 999) await new Promise((resolve) => setTimeout(resolve, 150)); // a slow upstream page
      yield { username: `user-${i}@example.com`, resources: [`proj-${i}`], permission: 'reader' };
    }
  }
}

describe('reconcile stays bounded', () => {
  it('counts every orphan but lists only maxReportedEntries, with a warning saying so', async () => {
    // Prepare
    ManyHandMade.slowPage = false;
    const harness = createTestHarness(ManyHandMade, { bootstrap: { reconcile: { maxReportedEntries: 100 } } });
    // Act
    const report = await harness.reconcile({ resourceTypes: ['project'] });
    // Assess
    expect(report.counts.orphaned).toBe(HAND_MADE);
    expect(report.orphaned).toHaveLength(100);
    expect(report.warnings).toContain(`orphaned: ${HAND_MADE} entries, the first 100 listed (maxReportedEntries)`);
  });

  it('stops with a retryable DeadlineExceededError, revoking nothing, when the deadline comes while it reads', async () => {
    // Prepare
    ManyHandMade.slowPage = true;
    const harness = createTestHarness(ManyHandMade, { remainingTimeMs: 250, bootstrap: { deadlineMarginMs: 100, reconcile: { revokeUnrecorded: true } } });
    // Act
    const result = harness.reconcile({ resourceTypes: ['project'] });
    // Assess
    await expect(result).rejects.toMatchObject({ name: 'DeadlineExceededError', retryable: true, message: expect.stringContaining('reconcile stopped while reading @ListAccess of project') });
    expect((await harness.store.list()).length).toBe(0);
  });
});
