import { createTestHarness } from 'apono-lambda-kit/testing';
import { CreateCredentials, Grant, Integration, ListResources, Revoke } from 'apono-lambda-kit';

class ForgetfulIntegration extends Integration {
  @ListResources() list() { return { resources: [], permissions: [] }; }
  @Grant() grant() {}
  @Revoke() revoke() {}
  @CreateCredentials() create() { return {} as { secret: string }; }
}

describe('credentials answer', () => {
  it('fails create-credentials when the method returns no secret, instead of answering ok without one', async () => {
    // Prepare
    const harness = createTestHarness(ForgetfulIntegration);

    // Act
    const outcome = harness.createCredentials();

    // Assess
    await expect(outcome).rejects.toMatchObject({ name: 'InvalidAnswerError', message: expect.stringContaining('ForgetfulIntegration.create returned no secret') });
  });

  it('records no credentials when the method returned no secret', async () => {
    // Prepare
    const harness = createTestHarness(ForgetfulIntegration);

    // Act
    await harness.createCredentials().catch(() => undefined);

    // Assess
    const records = await harness.store.listCredentials();
    expect(records.filter((r) => r.status === 'ACTIVE')).toEqual([]);
  });
});
