import { createGrantTable } from 'apono-lambda-kit/stores';
import { bootstrap, DynamoDbGrantStore, Grant, Integration, ListResources, Revoke } from 'apono-lambda-kit';
import { fakeLambdaContext } from 'apono-lambda-kit/testing';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

class CountingIntegration extends Integration {
  static grants = 0;
  @ListResources() list() { return { resources: [], permissions: [] }; }
  @Grant() async grant() {
    CountingIntegration.grants++;
    await new Promise((resolve) => setTimeout(resolve, 20)); // long enough for the others to arrive meanwhile
    return { data: { membershipIds: ['m-1'] } };
  }
  @Revoke() revoke() {}
}

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const grantEvent = {
  event_type: 'grant-access',
  params: { grant_id: 'concurrent-1', username: 'dana@example.com', resource_type: 'project', resources: ['proj-1'], permission: 'reader', custom_parameters: {} },
};

describe('concurrent grants through bootstrap on DynamoDB', () => {
  let dynamo: LocalDynamo;
  beforeAll(async () => {
    dynamo = await startDynalite();
  });
  afterAll(async () => {
    await dynamo.stop();
  });

  it('runs the @Grant method once for 50 concurrent invocations of one grant-access', async () => {
    // Prepare: each invocation its own Lambda instance (handler + store), as under real concurrency
    CountingIntegration.grants = 0;
    await createGrantTable(dynamo.client(), 'concurrency');
    const instances = Array.from({ length: 50 }, () =>
      bootstrap(CountingIntegration, { logger: silent, store: new DynamoDbGrantStore({ tableName: 'concurrency', client: dynamo.client() }) }));

    // Act
    const outcomes = await Promise.allSettled(instances.map((handler) => handler(structuredClone(grantEvent), fakeLambdaContext())));

    // Assess
    expect(CountingIntegration.grants).toBe(1);
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') expect(outcome.value).toEqual({ status: 'ok' });
      else expect(outcome.reason).toMatchObject({ name: 'GrantInProgressError', retryable: true });
    }
    expect(outcomes.filter((o) => o.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
    const record = await new DynamoDbGrantStore({ tableName: 'concurrency', client: dynamo.client() }).get('concurrent-1');
    expect(record).toMatchObject({ status: 'GRANTED', data: { membershipIds: ['m-1'] } });
  });
});
