import { createTestHarness } from 'apono-lambda-kit/testing';
import { Directory, DirectoryIntegration, FakeDirectory, VALID_CUSTOM_PARAMETERS } from '../support/integrations';

const API_TOKEN = 'api-token-value-7f3a9c';

function harnessWithSecrets() {
  const fake = new FakeDirectory();
  const harness = createTestHarness(DirectoryIntegration, {
    providers: [{ token: Directory, useValue: fake }],
    customParameters: { ...VALID_CUSTOM_PARAMETERS, api_token: API_TOKEN },
  });
  return { harness, fake };
}

describe('secrets', () => {
  it('never logs the secret a credentials method returns', async () => {
    // Prepare
    const { harness } = harnessWithSecrets();

    // Act
    const created = await harness.createCredentials({ username: 'dana@example.com' });
    const reset = await harness.resetCredentials({ username: 'dana@example.com' });

    // Assess
    expect(created.secret).toMatch(/^tok-dana@example.com-/);
    expect(harness.capturedText()).not.toContain(created.secret);
    expect(harness.capturedText()).not.toContain(reset.secret);
  });

  it('never logs a custom parameter named like a token, even when the integration logs the parameters', async () => {
    // Prepare
    const { harness } = harnessWithSecrets();

    // Act
    await harness.grant();

    // Assess
    expect(harness.logs.some((l) => l.message === 'granting')).toBe(true);
    expect(harness.capturedText()).toContain('[REDACTED]');
    expect(harness.capturedText()).not.toContain(API_TOKEN);
  });

  it('never echoes a custom parameter named like a token in an error message', async () => {
    // Prepare
    const { harness } = harnessWithSecrets();

    // Act
    await harness.grant({ customParameters: { base_url: 'not a url', api_token: API_TOKEN } }).catch(() => undefined);
    await harness.grant({ customParameters: { ...VALID_CUSTOM_PARAMETERS, api_token: { nested: API_TOKEN } as unknown as string } }).catch(() => undefined);

    // Assess
    expect(harness.capturedText()).toContain('InvalidEventError');
    expect(harness.capturedText()).not.toContain(API_TOKEN);
  });

  it('never stores the secret in a credential record', async () => {
    // Prepare
    const { harness } = harnessWithSecrets();

    // Act
    const { secret } = await harness.createCredentials();

    // Assess
    const stored = JSON.stringify(await harness.store.listCredentials());
    expect(stored).not.toContain(secret);
  });
});
