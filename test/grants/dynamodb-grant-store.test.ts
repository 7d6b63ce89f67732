import { randomUUID } from 'node:crypto';
import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CredentialLedger } from '../../src/grants/credential-ledger';
import { GrantLedger } from '../../src/grants/grant-ledger';
import { createGrantTable, DynamoDbGrantStore, GrantTableSchema } from '../../src/grants/dynamodb';
import { countCommands, emulateReturnValuesOnConditionCheckFailure, startDynalite, type LocalDynamo } from '../support/dynalite';
import { describeAllStoreContracts } from './store-contracts';
import { anIntent, LOCK_MS, recordCredentialEvent, TestClock } from './grant-fixtures';

const WRITES = ['UpdateItemCommand', 'PutItemCommand', 'DeleteItemCommand'];
const READS = ['GetItemCommand', 'ScanCommand', 'QueryCommand'];

describe('DynamoDbGrantStore (against dynalite)', () => {
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;
  let lastTable = '';

  /** A fresh table per store, so list() sees only the test's own records. */
  const makeStore = async () => {
    lastTable = `grants-${randomUUID()}`;
    await createGrantTable(client, lastTable);
    return new DynamoDbGrantStore({ tableName: lastTable, client });
  };
  const rawItems = async () => JSON.stringify((await client.send(new ScanCommand({ TableName: lastTable }))).Items);

  beforeAll(async () => {
    dynamo = await startDynalite();
    client = dynamo.client();
  });
  afterAll(async () => {
    await dynamo.stop();
  });

  describeAllStoreContracts(makeStore, rawItems);

  it('says it is durable', () => {
    // Act / Assess
    expect(new DynamoDbGrantStore({ tableName: 't-1' }).durable).toBe(true);
  });

  it('stores grants under GRANT#<id> with the TTL attribute on REVOKED records', async () => {
    // Prepare
    const store = await makeStore();
    const intent = anIntent();
    const clock = new TestClock();
    // Act
    await new GrantLedger(store, { now: clock.now }).revoke(intent, clock.lock(), async () => undefined);
    // Assess
    const { Items } = await client.send(new ScanCommand({ TableName: lastTable }));
    expect(Items?.[0]?.[GrantTableSchema.partitionKey]).toEqual({ S: `GRANT#${intent.grantId}` });
    expect(Items?.[0]?.[GrantTableSchema.ttlAttribute]).toEqual({ N: String(Math.floor(clock.nowMs / 1000) + 90 * 86_400) });
  });

  it('createGrantTable leaves an existing table alone', async () => {
    // Prepare
    const tableName = `grants-${randomUUID()}`;
    const first = await createGrantTable(client, tableName);
    // Act
    const second = await createGrantTable({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }, tableName);
    // Assess
    expect(first).toEqual({ created: true });
    expect(second).toEqual({ created: false });
  });

  it('puts credential records in credentialsTableName when given', async () => {
    // Prepare
    const grantsTable = `grants-${randomUUID()}`;
    const credentialsTable = `creds-${randomUUID()}`;
    await createGrantTable(client, grantsTable);
    await createGrantTable(client, credentialsTable);
    const store = new DynamoDbGrantStore({ tableName: grantsTable, credentialsTableName: credentialsTable, client });
    // Act
    await recordCredentialEvent(store, 'c-1', {
      set: { username: 'u', resourceType: 't', resources: [], status: 'ACTIVE', updatedAtMs: 1 },
      resetCount: 'zero',
      appendHistory: { action: 'create', to: 'ACTIVE', atMs: 1, by: 'x' },
    });
    // Assess
    expect((await client.send(new ScanCommand({ TableName: credentialsTable }))).Count).toBe(1);
    expect((await client.send(new ScanCommand({ TableName: grantsTable }))).Count).toBe(0);
  });

  describe('cost (requests sent to DynamoDB)', () => {
    let counter: ReturnType<typeof countCommands>;
    let ledger: GrantLedger;
    let credentials: CredentialLedger;
    let clock: TestClock;
    beforeEach(async () => {
      const countedClient = dynamo.client();
      counter = countCommands(countedClient);
      const tableName = `grants-${randomUUID()}`;
      await createGrantTable(countedClient, tableName);
      counter.reset();
      clock = new TestClock();
      const store = new DynamoDbGrantStore({ tableName, client: countedClient });
      ledger = new GrantLedger(store, { now: clock.now });
      credentials = new CredentialLedger(store, { now: clock.now });
    });
    const key = { username: 'ada@example.com', resourceType: 'database', resources: ['db-1'] };
    const issue = async () => ({ secret: 's' });

    it('credential reset happy path: exactly 2 writes (lock, then event and release) and no read', async () => {
      // Prepare
      await credentials.track('create', key, clock.lock(), issue);
      counter.reset();
      // Act
      await credentials.track('reset', key, clock.lock(), issue);
      // Assess
      expect(counter.total(WRITES)).toBe(2);
      expect(counter.total(READS)).toBe(0);
    });

    it('credential create of new credentials whose method fails: exactly 2 writes (lock, then release: UpdateItem) and no read', async () => {
      // Act
      await credentials.track('create', key, clock.lock(), async () => { throw new Error('down'); }).catch(() => undefined);
      // Assess
      expect(counter.total(WRITES)).toBe(2);
      expect(counter.total(READS)).toBe(0);
    });

    it('grant happy path: exactly 2 writes and no read', async () => {
      // Act
      await ledger.grant(anIntent(), clock.lock(), async () => ({ data: { id: 1 } }));
      // Assess
      expect(counter.total(WRITES)).toBe(2);
      expect(counter.total(READS)).toBe(0);
    });

    it('replayed grant: exactly 1 write and no read', async () => {
      // Prepare
      const intent = anIntent();
      await ledger.grant(intent, clock.lock(), async () => undefined);
      counter.reset();
      // Act
      const outcome = await ledger.grant(intent, clock.lock(), async () => undefined);
      // Assess
      expect(outcome.replayed).toBe(true);
      expect(counter.total(WRITES)).toBe(1);
      expect(counter.total(READS)).toBe(0);
    });

    it('revoke of a GRANTED record: exactly 2 writes and no read', async () => {
      // Prepare
      const intent = anIntent();
      await ledger.grant(intent, clock.lock(), async () => undefined);
      counter.reset();
      // Act
      await ledger.revoke(intent, clock.lock(), async () => undefined);
      // Assess
      expect(counter.total(WRITES)).toBe(2);
      expect(counter.total(READS)).toBe(0);
    });
  });

  it('50 concurrent grants of one intent: the method runs once, the others replay or are in progress, the record ends GRANTED', async () => {
    // Prepare
    const store = await makeStore();
    const clock = new TestClock();
    const ledger = new GrantLedger(store, { now: clock.now });
    const intent = anIntent();
    let runs = 0;
    const run = async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { data: { id: 'm-1' } };
    };
    // Act
    const settled = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => ledger.grant(intent, clock.lock(`req-${i}`), run)));
    // Assess
    expect(runs).toBe(1);
    const fulfilled = settled.filter((s) => s.status === 'fulfilled').map((s) => s.value);
    const rejected = settled.filter((s) => s.status === 'rejected').map((s) => (s.reason as Error).name);
    expect(fulfilled.filter((o) => !o.replayed)).toHaveLength(1);
    expect(rejected.filter((name) => name !== 'GrantInProgressError')).toEqual([]);
    const record = await store.get(intent.grantId);
    expect(record?.status).toBe('GRANTED');
    expect(record?.history.map((t) => t.to)).toEqual(['GRANTING', 'GRANTED']);
  });

  it('200 failed grants with an 8 KB error message stay far under the 400 KB item limit: a revoke still runs @Revoke and ends REVOKED', async () => {
    // Prepare: before records were bounded, ~190 such failures filled the item and every later write
    // (the revoke's lock write included) failed with "Item size to update has exceeded the maximum allowed size".
    const store = await makeStore();
    const clock = new TestClock();
    const ledger = new GrantLedger(store, { now: clock.now });
    const intent = anIntent();
    const failure = new Error(`portal said 500: ${'x'.repeat(8 * 1024)}`);
    const settled: unknown[] = [];
    for (let attempt = 0; attempt < 200; attempt++) {
      settled.push(await ledger.grant(intent, clock.lock(), async () => { throw failure; }).catch((err: unknown) => err));
      clock.advance(LOCK_MS + 1); // so that even a lock left behind by a refused write is gone
    }
    const revokeRun = jest.fn(async () => undefined);
    // Act
    const outcome = await ledger.revoke(intent, clock.lock(), revokeRun);
    // Assess
    expect(settled.filter((err) => err !== failure)).toEqual([]);
    expect(revokeRun).toHaveBeenCalledTimes(1);
    expect(revokeRun.mock.calls[0]).toEqual([expect.objectContaining({ grantId: intent.grantId })]);
    expect(outcome.record.status).toBe('REVOKED');
    expect((await rawItems()).length).toBeLessThan(100 * 1024);
  });

  describe('on a server that ignores ReturnValuesOnConditionCheckFailure', () => {
    beforeAll(() => emulateReturnValuesOnConditionCheckFailure(false));
    afterAll(() => emulateReturnValuesOnConditionCheckFailure(true));

    it('still settles a replay and a conflict correctly, reading the record once each', async () => {
      // Prepare
      const countedClient = dynamo.client();
      const counter = countCommands(countedClient);
      const tableName = `grants-${randomUUID()}`;
      await createGrantTable(countedClient, tableName);
      const clock = new TestClock();
      const ledger = new GrantLedger(new DynamoDbGrantStore({ tableName, client: countedClient }), { now: clock.now });
      const intent = anIntent();
      await ledger.grant(intent, clock.lock(), async () => undefined);
      counter.reset();
      // Act
      const replay = await ledger.grant(intent, clock.lock(), async () => undefined);
      const conflict = await ledger.grant({ ...intent, permission: 'admin' }, clock.lock(), async () => undefined).catch((err: unknown) => err);
      // Assess
      expect(replay.replayed).toBe(true);
      expect(conflict).toMatchObject({ name: 'GrantConflictError' });
      expect(counter.counts.get('GetItemCommand')).toBe(2);
    });
  });
});

describe('DynamoDbGrantStore loading', () => {
  it('on the SDK path (here: a credentials provider), loads @aws-sdk/client-dynamodb on first use, not at import or construction', async () => {
    // Prepare
    let loads = 0;
    jest.resetModules();
    jest.doMock('@aws-sdk/client-dynamodb', () => {
      loads += 1;
      return jest.requireActual('@aws-sdk/client-dynamodb');
    });
    const { DynamoDbGrantStore: FreshStore } = require('../../src/grants/dynamodb') as typeof import('../../src/grants/dynamodb');
    // Act
    const store = new FreshStore({ tableName: 'grants', clientConfig: {
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }), // only the SDK's provider chain calls providers
    } });
    const loadsAfterConstruction = loads;
    await store.get('g-1').catch(() => undefined); // nothing listens there: loading is what counts
    // Assess
    expect(loadsAfterConstruction).toBe(0);
    expect(loads).toBe(1);
    jest.dontMock('@aws-sdk/client-dynamodb');
  });
});
