import { createTestHarness } from 'apono-lambda-kit/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RunningPortal, startPortalServer } from '../../portal/portal-server';
import { ADMIN_API_KEY_ENVIRONMENT, type EnvironmentVariables } from '../../src/admin-api-key/admin-api-key-environment';
import { SECRETS_MANAGER_SDK_LOADER } from '../../src/admin-api-key/secrets-manager-sdk';
import { PortalIntegration } from '../../src/portal-integration';
import { portalProviders } from '../../src/portal-providers';
import { FakeSecretsManager } from './fake-secrets-manager';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:apono/portal-admin-api-key-AbCdEf';
const ADMIN_KEY = 'portal-admin-key-0123456789';
const IN_LAMBDA = { AWS_LAMBDA_FUNCTION_NAME: 'apono-portal-integration' };

describe('portalProviders: the admin key from Secrets Manager, through the real handler and portal', () => {
  let dataDir: string;
  let portal: RunningPortal;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'portal-admin-key-'));
    portal = await startPortalServer({ dataFile: path.join(dataDir, 'portal.json'), adminApiKey: ADMIN_KEY, port: 0 });
  });

  afterAll(async () => {
    await portal.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The example's own providers, with only the environment and the SDK replaced. */
  const harnessWith = (environment: EnvironmentVariables, secretsManager: FakeSecretsManager) =>
    createTestHarness(PortalIntegration, {
      providers: [
        ...portalProviders(),
        // The portal origin is pinned as the template pins it; the key's whereabouts are what varies here.
        { token: ADMIN_API_KEY_ENVIRONMENT, useValue: { PORTAL_ORIGIN: portal.url, ...environment } },
        { token: SECRETS_MANAGER_SDK_LOADER, useValue: secretsManager.loader },
      ],
      customParameters: { base_url: portal.url },
    });

  test('every portal call of an instance uses the key read once from Secrets Manager', async () => {
    // Prepare
    const secretsManager = new FakeSecretsManager({ SecretString: ADMIN_KEY });
    const harness = harnessWith({ ...IN_LAMBDA, PORTAL_ADMIN_API_KEY_SECRET_ARN: SECRET_ARN }, secretsManager);

    // Act
    const status = await harness.getStatus();
    const listed = await harness.listResources({ resourceType: 'project' });
    await harness.grant({ grantId: 'wiring-1', username: 'dana@example.com', resources: ['proj-billing'], permission: 'reader' });

    // Assess
    expect(status).toEqual({ status: 'active' });
    expect(listed.resources.map((resource) => resource.id)).toContain('proj-billing');
    expect(secretsManager.loads).toBe(1);
    expect(secretsManager.sent.map((command) => command.input)).toEqual([{ SecretId: SECRET_ARN }]);
  });

  test('a key the portal refuses appears in no log line and no error message', async () => {
    // Prepare
    const wrongKey = 'rotated-away-admin-key-9876543210';
    const harness = harnessWith({ ...IN_LAMBDA, PORTAL_ADMIN_API_KEY_SECRET_ARN: SECRET_ARN }, new FakeSecretsManager({ SecretString: wrongKey }));

    // Act
    const failure = await harness.getStatus().catch((err: unknown) => err);

    // Assess
    expect(failure).toBeInstanceOf(Error);
    expect(harness.capturedText()).toContain('answered 401');
    expect(harness.capturedText()).not.toContain(wrongKey);
    expect(harness.capturedText()).not.toContain(ADMIN_KEY);
  });

  test('inside Lambda without the secret ARN, get-status fails with AdminApiKeyUnavailableError', async () => {
    // Prepare
    const harness = harnessWith(IN_LAMBDA, new FakeSecretsManager({ SecretString: ADMIN_KEY }));

    // Act
    const failure = await harness.getStatus().catch((err: unknown) => err);

    // Assess
    expect(failure).toMatchObject({ name: 'AdminApiKeyUnavailableError' });
  });
});
