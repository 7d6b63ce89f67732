import { bootstrap, GetStatus, Grant, Integration, ListResources, ListResourceTags, Revoke } from 'apono-lambda-kit';
import { createTestHarness } from 'apono-lambda-kit/testing';

class MinimalIntegration extends Integration {
  @ListResources() list() { return { resources: [{ id: 'r1', name: 'R1' }], permissions: [{ id: 'p', name: 'P' }] }; }
  @Grant() grant() {}
  @Revoke() revoke() {}
}

class UnhealthyIntegration extends MinimalIntegration {
  @GetStatus() status() { throw new Error('portal unreachable'); }
  @ListResourceTags() tags() { return { tags: ['environment'] }; }
}

const credentials = { username: 'u@example.com', resource_type: 't', resources: ['r1'] };

describe('dispatch rules', () => {
  it('answers get-status {status:"active"} when the integration has no @GetStatus', async () => {
    // Act
    const answer = await createTestHarness(MinimalIntegration).getStatus();

    // Assess
    expect(answer).toEqual({ status: 'active' });
  });

  it('fails get-status when the @GetStatus method throws', async () => {
    // Act
    const outcome = createTestHarness(UnhealthyIntegration).getStatus();

    // Assess
    await expect(outcome).rejects.toThrow('portal unreachable');
  });

  it('answers list-resources-tags {status:"active"} without @ListResourceTags, and with the method\'s answer with it', async () => {
    // Act
    const without = await createTestHarness(MinimalIntegration).listResourceTags();
    const withTags = await createTestHarness(UnhealthyIntegration).listResourceTags();

    // Assess
    expect(without).toEqual({ status: 'active' });
    expect(withTags).toEqual({ tags: ['environment'] });
  });

  it.each(['create-credentials', 'reset-credentials'])('fails %s with "does not issue credentials" when there is no credentials method', async (eventType) => {
    // Prepare
    const harness = createTestHarness(MinimalIntegration);

    // Act
    const outcome = harness.invoke({ event_type: eventType, params: credentials });

    // Assess
    await expect(outcome).rejects.toMatchObject({ name: 'UnsupportedEventError', message: expect.stringContaining('this integration does not issue credentials') });
  });

  it('answers delete-credentials with the seed\'s {status:"active"} and a warning when there is no @DeleteCredentials', async () => {
    // Prepare
    const harness = createTestHarness(MinimalIntegration);

    // Act
    const answer = await harness.deleteCredentials();

    // Assess
    expect(answer).toEqual({ status: 'active' });
    expect(harness.logs.some((l) => l.level === 'WARN' && l.message.includes('nothing was deleted'))).toBe(true);
  });

  it('answers an unknown event type {status:"active"} with a warning', async () => {
    // Prepare
    const harness = createTestHarness(MinimalIntegration);

    // Act
    const answer = await harness.invoke({ event_type: 'sync-users', params: {} });

    // Assess
    expect(answer).toEqual({ status: 'active' });
    expect(harness.logs).toContainEqual(expect.objectContaining({ level: 'WARN', event_type: 'sync-users' }));
  });

  it('logs the answered line of an unknown event type too, with its duration, like every answered event', async () => {
    // Prepare
    const harness = createTestHarness(MinimalIntegration);

    // Act
    await harness.invoke({ event_type: 'sync-users', params: {} });

    // Assess
    expect(harness.logs).toContainEqual(expect.objectContaining({ level: 'INFO', message: 'sync-users answered', duration_ms: expect.any(Number) }));
  });

  it('refuses an unknown event type in strict mode', async () => {
    // Prepare
    const harness = createTestHarness(MinimalIntegration, { bootstrap: { strict: true } });

    // Act
    const outcome = harness.invoke({ event_type: 'sync-users', params: {} });

    // Assess
    await expect(outcome).rejects.toMatchObject({ name: 'UnsupportedEventError', message: expect.stringContaining('sync-users') });
  });

  it('refuses a 1 MB unknown event type in strict mode with a short message, quoting 100 characters of it', async () => {
    // Prepare
    const harness = createTestHarness(MinimalIntegration, { bootstrap: { strict: true } });

    // Act
    const failure = (await harness.invoke({ event_type: 'x'.repeat(1024 * 1024), params: {} }).catch((err: unknown) => err)) as Error;

    // Assess
    expect(failure.message.length).toBeLessThan(300);
    expect(failure.message).toContain(`"${'x'.repeat(100)}"`);
  });

  it('fills each resource\'s type from the request', async () => {
    // Act
    const answer = await createTestHarness(MinimalIntegration).listResources({ resourceType: 'database' });

    // Assess
    expect(answer).toEqual({ resources: [{ id: 'r1', name: 'R1', type: 'database' }], permissions: [{ id: 'p', name: 'P' }] });
  });

  it('runs with a MemoryGrantStore outside Lambda but refuses it inside real Lambda unless allowed', () => {
    // Prepare
    const saved = process.env.AWS_LAMBDA_FUNCTION_NAME;
    const logger = { debug() {}, info() {}, warn() {}, error() {} };
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'apono-portal';
    try {
      // Act
      const refused = () => bootstrap(MinimalIntegration, { logger });
      const allowed = () => bootstrap(MinimalIntegration, { logger, allowEphemeralStore: true });

      // Assess
      expect(refused).toThrow(/MinimalIntegration runs in AWS Lambda with a MemoryGrantStore/);
      expect(allowed).not.toThrow();
    } finally {
      if (saved === undefined) delete process.env.AWS_LAMBDA_FUNCTION_NAME;
      else process.env.AWS_LAMBDA_FUNCTION_NAME = saved;
    }
  });
});

describe('a revoke-access that differs from the recorded grant', () => {
  it('revokes the recorded grant and logs a warning saying so', async () => {
    // Prepare
    const { createTestHarness } = await import('apono-lambda-kit/testing');
    const { Grant, Integration, ListResources, Revoke } = await import('apono-lambda-kit');
    class Plain extends Integration {
      @ListResources() list() { return { resources: [], permissions: [] }; }
      @Grant() grant() {}
      @Revoke() revoke() {}
    }
    const harness = createTestHarness(Plain);
    await harness.grant({ grantId: 'g-diff', username: 'dana@example.com' });
    // Act
    await harness.revoke({ grantId: 'g-diff', username: 'eve@example.com' });
    // Assess
    expect(harness.logs).toContainEqual(expect.objectContaining({ level: 'WARN', message: expect.stringContaining('than the recorded grant: the recorded grant was revoked') }));
  });
});
