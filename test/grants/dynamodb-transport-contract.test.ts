/**
 * The store's contract suites, as dynamodb-grant-store.test.ts runs them on the
 * AWS SDK, here on the SDK-free transport (DynamoDB's JSON protocol signed with
 * aws4): a store given only an endpoint, a region and static credentials. The
 * requests pass through a recording proxy in front of dynalite, so the tests can
 * count them and tell who sent them.
 */
import { randomUUID } from 'node:crypto';
import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GrantLedger } from '../../src/grants/grant-ledger';
import { createGrantTable, DynamoDbGrantStore } from '../../src/grants/dynamodb';
import { emulateReturnValuesOnConditionCheckFailure, startDynalite, type LocalDynamo } from '../support/dynalite';
import { describeAllStoreContracts } from './store-contracts';
import { startFaultProxy, type FaultProxy } from './dynamodb-transport-faults';
import { anIntent, TestClock } from './grant-fixtures';

const WRITES = ['UpdateItem', 'PutItem', 'DeleteItem'];
const READS = ['GetItem', 'Scan', 'Query'];

describe('DynamoDbGrantStore on the SDK-free transport (against dynalite)', () => {
  let dynamo: LocalDynamo;
  let proxy: FaultProxy;
  /** An SDK client straight to dynalite, to prepare tables and read them raw (never through the proxy). */
  let client: DynamoDBClient;
  let lastTable = '';

  const storeOn = (tableName: string) =>
    new DynamoDbGrantStore({ tableName, clientConfig: { endpoint: proxy.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } } });
  const makeStore = async () => {
    lastTable = `grants-${randomUUID()}`;
    await createGrantTable(client, lastTable);
    return storeOn(lastTable);
  };
  const rawItems = async () => JSON.stringify((await client.send(new ScanCommand({ TableName: lastTable }))).Items);

  beforeAll(async () => {
    dynamo = await startDynalite();
    client = dynamo.client();
    proxy = await startFaultProxy(dynamo.endpoint);
  });
  afterAll(async () => {
    await proxy.stop();
    await dynamo.stop();
  });

  describeAllStoreContracts(makeStore, rawItems);

  it('sends its requests itself: none carries the AWS SDK user agent', async () => {
    // Prepare
    const store = await makeStore();
    const clock = new TestClock();
    const before = proxy.requests.length;
    // Act
    await new GrantLedger(store, { now: clock.now }).grant(anIntent(), clock.lock(), async () => ({ data: { id: 'm-1' } }));
    // Assess
    const sent = proxy.requests.slice(before);
    expect(sent.map((r) => r.operation)).toEqual(['PutItem', 'PutItem']); // the GRANTING record, then the GRANTED one
    for (const request of sent) {
      expect(request.headers['user-agent']).toBe('apono-lambda-kit');
      expect(request.headers).not.toHaveProperty('x-amz-user-agent');
    }
  });

  describe('cost (requests sent to DynamoDB)', () => {
    let ledger: GrantLedger;
    let clock: TestClock;
    beforeEach(async () => {
      clock = new TestClock();
      ledger = new GrantLedger(await makeStore(), { now: clock.now });
    });
    const sentDuring = async (act: () => Promise<unknown>) => {
      const [writes, reads] = [proxy.count(WRITES), proxy.count(READS)];
      await act();
      return { writes: proxy.count(WRITES) - writes, reads: proxy.count(READS) - reads };
    };

    it('grant happy path: exactly 2 writes and no read', async () => {
      // Act
      const sent = await sentDuring(() => ledger.grant(anIntent(), clock.lock(), async () => ({ data: { id: 1 } })));
      // Assess
      expect(sent).toEqual({ writes: 2, reads: 0 });
    });

    it('replayed grant: exactly 1 write and no read (the refusal carries the record)', async () => {
      // Prepare
      const intent = anIntent();
      await ledger.grant(intent, clock.lock(), async () => undefined);
      // Act
      const sent = await sentDuring(() => ledger.grant(intent, clock.lock(), async () => undefined));
      // Assess
      expect(sent).toEqual({ writes: 1, reads: 0 });
    });
  });

  describe('on a server that ignores ReturnValuesOnConditionCheckFailure', () => {
    beforeAll(() => emulateReturnValuesOnConditionCheckFailure(false));
    afterAll(() => emulateReturnValuesOnConditionCheckFailure(true));

    it('still settles a replay and a conflict correctly, reading the record once each', async () => {
      // Prepare
      const clock = new TestClock();
      const ledger = new GrantLedger(await makeStore(), { now: clock.now });
      const intent = anIntent();
      await ledger.grant(intent, clock.lock(), async () => undefined);
      const readsBefore = proxy.count(['GetItem']);
      // Act
      const replay = await ledger.grant(intent, clock.lock(), async () => undefined);
      const conflict = await ledger.grant({ ...intent, permission: 'admin' }, clock.lock(), async () => undefined).catch((err: unknown) => err);
      // Assess
      expect(replay.replayed).toBe(true);
      expect(conflict).toMatchObject({ name: 'GrantConflictError' });
      expect(proxy.count(['GetItem']) - readsBefore).toBe(2);
    });
  });
});
