/**
 * The SDK-free transport's retries, with faults injected by a proxy in front of
 * dynalite: throttling, 5xx and broken connections are retried with full-jitter
 * backoff up to the bound (3 attempts, as the AWS SDK's standard mode), then the
 * store gives up with GrantStoreUnavailableError; a write whose answer was lost
 * is resent and the store recognises its own write.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GrantLedger } from '../../src/grants/grant-ledger';
import { createGrantTable, DynamoDbGrantStore } from '../../src/grants/dynamodb';
import { JsonDynamoDbTransport, retryDelayMs, STANDARD_RETRY_DELAYS, type RetryDelays } from '../../src/grants/dynamodb/json-transport';
import { DynamoDbServiceError } from '../../src/grants/dynamodb/transport';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { startFaultProxy, type FaultProxy } from './dynamodb-transport-faults';
import { anIntent, TestClock } from './grant-fixtures';

const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
const NO_WAIT: RetryDelays = { baseDelayMs: 0, throttlingBaseDelayMs: 0, maxDelayMs: 0, random: () => 0 };
const WRITES = ['PutItem', 'UpdateItem'];

describe('retry delays (full jitter, as the SDK standard mode)', () => {
  const at = (random: number): RetryDelays => ({ ...STANDARD_RETRY_DELAYS, random: () => random });
  const internal = new DynamoDbServiceError('InternalServerError', 'x', 500);
  const throttled = new DynamoDbServiceError('ProvisionedThroughputExceededException', 'x', 400);

  it('doubles its ceiling each attempt from 100 ms, drawing the delay at random below it', () => {
    // Act / Assess
    expect([1, 2, 3].map((attempt) => retryDelayMs(internal, attempt, at(0.999_999)))).toEqual([99, 199, 399]);
    expect(retryDelayMs(internal, 2, at(0.5))).toBe(100);
    expect(retryDelayMs(internal, 2, at(0))).toBe(0);
  });

  it('starts from 500 ms after throttling, and never waits past 20 s', () => {
    // Act / Assess
    expect(retryDelayMs(throttled, 1, at(0.999_999))).toBe(499);
    expect(retryDelayMs(throttled, 12, at(0.999_999))).toBe(19_999);
  });

  it('does not retry a refusal the same request meets again', () => {
    // Act / Assess
    expect(retryDelayMs(new DynamoDbServiceError('ConditionalCheckFailedException', 'x', 400), 1, at(0.5))).toBeUndefined();
    expect(retryDelayMs(new DynamoDbServiceError('ValidationException', 'x', 400), 1, at(0.5))).toBeUndefined();
    expect(retryDelayMs(new TypeError('bug'), 1, at(0.5))).toBeUndefined();
  });
});

describe('the SDK-free transport retrying (against dynalite behind a fault proxy)', () => {
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;
  let proxy: FaultProxy;
  let tableName: string;
  const getItem = { Key: { pk: { S: 'GRANT#absent' } }, ConsistentRead: true };
  const transport = (maxAttempts = 3) => new JsonDynamoDbTransport({ endpoint: new URL(proxy.endpoint), region: 'us-east-1', credentials: CREDENTIALS, maxAttempts }, NO_WAIT);
  beforeAll(async () => {
    dynamo = await startDynalite();
    client = dynamo.client();
    proxy = await startFaultProxy(dynamo.endpoint);
    tableName = `grants-${randomUUID()}`;
    await createGrantTable(client, tableName);
  });
  afterAll(async () => {
    await proxy.stop();
    await dynamo.stop();
  });

  it.each([
    ['a 500 InternalServerError', { kind: 'status', status: 500, type: 'InternalServerError' }],
    ['a 503 page that is not JSON', { kind: 'status', status: 503, type: '' }],
    ['ProvisionedThroughputExceededException', { kind: 'status', status: 400, type: 'ProvisionedThroughputExceededException' }],
    ['ThrottlingException', { kind: 'status', status: 400, type: 'ThrottlingException' }],
    ['RequestLimitExceeded', { kind: 'status', status: 400, type: 'RequestLimitExceeded' }],
    ['a reset connection', { kind: 'reset' }],
  ] as const)('after %s, sends the request again and returns its answer', async (_name, fault) => {
    // Prepare
    proxy.arm(fault);
    const before = proxy.count(['GetItem']);
    // Act
    const output = await transport().send('GetItem', { TableName: tableName, ...getItem });
    // Assess
    expect(output).toEqual({});
    expect(proxy.count(['GetItem']) - before).toBe(2);
  });

  it('gives up after 3 attempts in all, with the last error', async () => {
    // Prepare: a fourth attempt would pass
    for (let i = 0; i < 3; i++) proxy.arm({ kind: 'status', status: 500, type: 'InternalServerError' });
    const before = proxy.count(['GetItem']);
    // Act
    const failure = await transport().send('GetItem', { TableName: tableName, ...getItem }).catch((err: unknown) => err);
    // Assess
    expect(failure).toMatchObject({ name: 'InternalServerError', statusCode: 500 });
    expect(proxy.count(['GetItem']) - before).toBe(3);
  });

  it('an attempt that gets no answer is abandoned after its idle timeout and retried', async () => {
    // Prepare
    proxy.arm({ kind: 'silent' }, ['GetItem']);
    const before = proxy.count(['GetItem']);
    const quick = new JsonDynamoDbTransport({ endpoint: new URL(proxy.endpoint), region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 3 }, NO_WAIT, 200);
    // Act
    const output = await quick.send('GetItem', { TableName: tableName, ...getItem });
    // Assess
    expect(output).toEqual({});
    expect(proxy.count(['GetItem']) - before).toBe(2);
  });

  it('no answer to any attempt: gives up after 3 with ETIMEDOUT, naming the operation and the wait', async () => {
    // Prepare
    for (let i = 0; i < 3; i++) proxy.arm({ kind: 'silent' }, ['GetItem']);
    const quick = new JsonDynamoDbTransport({ endpoint: new URL(proxy.endpoint), region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 3 }, NO_WAIT, 200);
    // Act
    const failure = await quick.send('GetItem', { TableName: tableName, ...getItem }).catch((err: unknown) => err);
    // Assess
    expect(failure).toMatchObject({ code: 'ETIMEDOUT', message: 'DynamoDB sent nothing for 200 ms in answer to GetItem' });
  });

  describe('inside the store (standard delays)', () => {
    let clock: TestClock;
    let ledger: GrantLedger;
    let store: DynamoDbGrantStore;
    beforeEach(() => {
      clock = new TestClock();
      store = new DynamoDbGrantStore({ tableName, clientConfig: { endpoint: proxy.endpoint, region: 'us-east-1', credentials: CREDENTIALS } });
      ledger = new GrantLedger(store, { now: clock.now });
    });

    it('a grant whose writes meet a 500 and a reset connection is answered ok, the method run once', async () => {
      // Prepare
      proxy.arm({ kind: 'status', status: 500 }, WRITES);
      proxy.arm({ kind: 'reset' }, WRITES);
      const intent = anIntent();
      const run = jest.fn(async () => ({ data: { id: 'm-1' } }));
      // Act
      const outcome = await ledger.grant(intent, clock.lock(), run);
      // Assess
      expect(outcome).toMatchObject({ replayed: false, record: { status: 'GRANTED' } });
      expect(run).toHaveBeenCalledTimes(1);
    });

    it('three 500s in a row: GrantStoreUnavailableError (retryable), and the method never ran', async () => {
      // Prepare
      for (let i = 0; i < 3; i++) proxy.arm({ kind: 'status', status: 500 }, WRITES);
      const before = proxy.count(WRITES);
      const run = jest.fn(async () => ({}));
      // Act
      const failure = await ledger.grant(anIntent(), clock.lock(), run).catch((err: unknown) => err);
      // Assess
      expect(failure).toMatchObject({ name: 'GrantStoreUnavailableError', retryable: true, cause: { name: 'InternalServerError' } });
      expect(proxy.count(WRITES) - before).toBe(3);
      expect(run).not.toHaveBeenCalled();
    });

    it('nothing listening: GrantStoreUnavailableError (retryable) caused by ECONNREFUSED', async () => {
      // Prepare: a port that was just free
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const { port } = closed.address() as AddressInfo;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const nowhere = new DynamoDbGrantStore({ tableName, clientConfig: { endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: CREDENTIALS } });
      // Act
      const failure = await new GrantLedger(nowhere, { now: clock.now }).grant(anIntent(), clock.lock(), async () => ({})).catch((err: unknown) => err);
      // Assess
      expect(failure).toMatchObject({ name: 'GrantStoreUnavailableError', retryable: true, cause: { code: 'ECONNREFUSED' } });
    });

    it('the lock write applied but its answer lost: resent, recognised as its own, the method runs once, GRANTED and unlocked', async () => {
      // Prepare
      proxy.arm({ kind: 'lose-response' }, WRITES);
      const intent = anIntent();
      const run = jest.fn(async () => ({ data: { id: 'm-1' } }));
      // Act
      const outcome = await ledger.grant(intent, clock.lock('req-1'), run);
      // Assess
      expect(outcome.replayed).toBe(false);
      expect(run).toHaveBeenCalledTimes(1);
      const record = await store.get(intent.grantId);
      expect(record).toMatchObject({ status: 'GRANTED', data: { id: 'm-1' } });
      expect(record).not.toHaveProperty('lockOwner');
    });

    it('the settling write applied but its answer lost: resent, ok, one GRANTED entry', async () => {
      // Prepare
      const intent = anIntent();
      // Act
      const outcome = await ledger.grant(intent, clock.lock('req-1'), async () => {
        proxy.arm({ kind: 'lose-response' }, WRITES);
        return { data: { id: 'm-1' } };
      });
      // Assess
      expect(outcome).toMatchObject({ replayed: false, record: { status: 'GRANTED' } });
      expect((await store.get(intent.grantId))?.history.map((t) => t.to)).toEqual(['GRANTING', 'GRANTED']);
    });
  });
});
