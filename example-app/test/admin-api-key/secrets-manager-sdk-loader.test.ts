import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { container } from 'tsyringe';
import { ADMIN_API_KEY_ENVIRONMENT } from '../../src/admin-api-key/admin-api-key-environment';
import { CachedAdminApiKeySource } from '../../src/admin-api-key/cached-admin-api-key-source';
import { SECRETS_MANAGER_SDK_LOADER, secretsManagerSdkLoader } from '../../src/admin-api-key/secrets-manager-sdk';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:apono/portal-admin-api-key-AbCdEf';
const SECRET_KEY = 'portal-admin-key-over-the-wire';

interface SeenRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * There is no local Secrets Manager: this endpoint answers GetSecretValue as the
 * service does (AWS JSON 1.1), so the real SDK, loaded by the real loader, is
 * exercised down to the HTTP request.
 */
function startSecretsManagerStub(seen: SeenRequest[]): Promise<Server> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ ARN: SECRET_ARN, Name: 'apono/portal-admin-api-key', SecretString: SECRET_KEY, VersionId: 'v1' }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('secretsManagerSdkLoader: the real @aws-sdk/client-secrets-manager against a stub endpoint', () => {
  const seen: SeenRequest[] = [];
  let server: Server;

  beforeAll(async () => {
    server = await startSecretsManagerStub(seen);
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('sends one signed GetSecretValue for the ARN and gives back its SecretString', async () => {
    // Prepare
    const { port } = server.address() as AddressInfo;
    const scope = container.createChildContainer();
    scope.register(ADMIN_API_KEY_ENVIRONMENT, { useValue: { PORTAL_ADMIN_API_KEY_SECRET_ARN: SECRET_ARN } });
    scope.register(SECRETS_MANAGER_SDK_LOADER, {
      useValue: secretsManagerSdkLoader({
        endpoint: `http://127.0.0.1:${port}`,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      }),
    });
    const source = scope.resolve(CachedAdminApiKeySource);

    // Act
    const keys = [await source.get(), await source.get()];

    // Assess
    expect(keys).toEqual([SECRET_KEY, SECRET_KEY]);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.headers['x-amz-target']).toBe('secretsmanager.GetSecretValue');
    expect(seen[0]!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=test\/\d{8}\/eu-west-1\/secretsmanager\//);
    expect(JSON.parse(seen[0]!.body)).toEqual({ SecretId: SECRET_ARN });
  });
});
