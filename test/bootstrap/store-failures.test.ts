import { createServer, type AddressInfo } from 'node:net';
import { bootstrap, DynamoDbGrantStore, Grant, Integration, ListResources, Revoke } from 'apono-lambda-kit';
import { fakeLambdaContext } from 'apono-lambda-kit/testing';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { createGrantTable } from '../../src/grants/dynamodb';

class CountingIntegration extends Integration {
  static grants = 0;
  @ListResources() list() { return { resources: [], permissions: [] }; }
  @Grant() grant() { CountingIntegration.grants++; return { data: { membershipId: 'm-1' } }; }
  @Revoke() revoke() {}
}

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const grantEvent = (grantId: string) => ({
  event_type: 'grant-access',
  params: { grant_id: grantId, username: 'dana@example.com', resource_type: 'project', resources: ['p-1'], permission: 'reader', custom_parameters: { api_token: 's3cr3t-value' } },
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('store failures are named, retryable errors', () => {
  let dynamo: LocalDynamo;
  beforeAll(async () => {
    dynamo = await startDynalite();
    await createGrantTable(dynamo.client(), 'store-failures');
  });
  afterAll(async () => {
    await dynamo.stop();
  });

  it('an unreachable store (ECONNREFUSED) answers GrantStoreUnavailableError, retryable, its cause kept, no secret in the message, the method not run', async () => {
    // Prepare
    CountingIntegration.grants = 0;
    const port = await closedPort();
    const store = new DynamoDbGrantStore({
      tableName: 'store-failures',
      clientConfig: { endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 },
    });
    const handler = bootstrap(CountingIntegration, { store, logger: silent });
    // Act
    const err = await handler(grantEvent('g-down'), fakeLambdaContext()).then(() => undefined, (e: unknown) => e as Error & { retryable: boolean });
    // Assess
    expect(err).toMatchObject({ name: 'GrantStoreUnavailableError', retryable: true, cause: expect.objectContaining({ code: 'ECONNREFUSED' }) }); // the connection's own error: not instanceof jest's Error, it comes from another realm
    expect(err?.message).toMatch(/grant store failed while locking grant_id g-down/);
    expect(err?.message).not.toContain('s3cr3t-value');
    expect(CountingIntegration.grants).toBe(0);
  });

  it('a grant_id over 1,024 bytes is an InvalidEventError naming the field and the rule, before the store sees it', async () => {
    // Prepare
    CountingIntegration.grants = 0;
    const handler = bootstrap(CountingIntegration, { store: new DynamoDbGrantStore({ tableName: 'store-failures', client: dynamo.client() }), logger: silent });
    // Act
    const err = await handler(grantEvent('g'.repeat(2_100)), fakeLambdaContext()).then(() => undefined, (e: unknown) => e as Error);
    // Assess
    expect(err).toMatchObject({ name: 'InvalidEventError', message: expect.stringContaining('grant_id must be at most 1024 bytes (UTF-8)') });
    expect(err?.message).not.toContain('g'.repeat(50));
    expect(CountingIntegration.grants).toBe(0);
  });
});
