/**
 * The real AWS SDK retrying a write whose response was lost: DynamoDB applied the
 * write, the socket reset before the answer came back, and the SDK (maxAttempts 3
 * by default) sent the same write (PutItem or UpdateItem) again, which then fails its condition: a
 * lock write against the invocation's own lock, a settling write against a record
 * it already settled (the lock gone). The store contract suites simulate this for
 * every store (lost-response.contract.ts); this one goes through the SDK's own retry.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CredentialLedger } from '../../src/grants/credential-ledger';
import { GrantLedger } from '../../src/grants/grant-ledger';
import { createGrantTable, DynamoDbGrantStore } from '../../src/grants/dynamodb';
import { credentialIdFor, type GrantRecord } from '../../src/grants/records';
import { emulateReturnValuesOnConditionCheckFailure, type LocalDynamo, startDynalite } from '../support/dynalite';
import { anIntent, TestClock } from './grant-fixtures';

/**
 * Once armed, lets the next write (PutItem or UpdateItem) reach the server and be applied, then throws
 * what Node reports for a reset socket: a retryable error, so the SDK retries.
 * Deserialize step: inside the retry loop, so each attempt passes through it.
 */
function loseNextWriteResponse(client: DynamoDBClient): { arm(): void; readonly lost: number } {
  let armed = false;
  let lost = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const output = await next(args);
      if (armed && (context.commandName === 'UpdateItemCommand' || context.commandName === 'PutItemCommand')) {
        armed = false;
        lost += 1;
        throw Object.assign(new Error('socket hang up (injected after the server applied the write)'), { code: 'ECONNRESET' });
      }
      return output;
    },
    { step: 'deserialize', name: 'loseNextWriteResponseForTests' },
  );
  return {
    arm: () => {
      armed = true;
    },
    get lost() {
      return lost;
    },
  };
}

describe('a lock write retried by the AWS SDK after its response was lost (against dynalite)', () => {
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;
  let lostResponse: ReturnType<typeof loseNextWriteResponse>;
  let store: DynamoDbGrantStore;
  let clock: TestClock;
  let grants: GrantLedger;
  let credentials: CredentialLedger;
  beforeAll(async () => {
    dynamo = await startDynalite();
  });
  afterAll(async () => {
    await dynamo.stop();
  });
  beforeEach(async () => {
    // The SDK's default retries (dynamo.client() turns them off to count requests).
    client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 3,
    });
    lostResponse = loseNextWriteResponse(client);
    const tableName = `grants-${randomUUID()}`;
    await createGrantTable(client, tableName);
    store = new DynamoDbGrantStore({ tableName, client });
    clock = new TestClock();
    grants = new GrantLedger(store, { now: clock.now });
    credentials = new CredentialLedger(store, { now: clock.now });
  });
  afterEach(() => {
    client.destroy();
  });

  it('grant: the method runs once, the answer is ok, the record ends GRANTED', async () => {
    // Prepare
    const intent = anIntent();
    const run = jest.fn(async () => ({ data: { id: 'm-1' } }));
    lostResponse.arm();
    // Act
    const outcome = await grants.grant(intent, clock.lock('req-1'), run);
    // Assess
    expect(lostResponse.lost).toBe(1);
    expect(run).toHaveBeenCalledTimes(1);
    expect(outcome.replayed).toBe(false);
    expect(await store.get(intent.grantId)).toMatchObject({ status: 'GRANTED', data: { id: 'm-1' } });
    expect(await store.get(intent.grantId)).not.toHaveProperty('lockOwner');
  });

  it('revoke: the method runs once with the record, the answer is ok, the record ends REVOKED', async () => {
    // Prepare
    const intent = anIntent();
    await grants.grant(intent, clock.lock(), async () => ({ data: { id: 'm-1' } }));
    const run = jest.fn(async (_record: GrantRecord | undefined) => undefined);
    lostResponse.arm();
    // Act
    const outcome = await grants.revoke(intent, clock.lock('req-r'), run);
    // Assess
    expect(lostResponse.lost).toBe(1);
    expect(run).toHaveBeenCalledTimes(1);
    expect(run.mock.calls[0]![0]).toMatchObject({ grantId: intent.grantId, data: { id: 'm-1' } });
    expect(outcome.record.status).toBe('REVOKED');
    expect((await store.get(intent.grantId))?.status).toBe('REVOKED');
  });

  describe('the settling write (armed while the method runs, so the next write settles)', () => {
    it('grant: ok, the record ends GRANTED with one GRANTED entry', async () => {
      // Prepare
      const intent = anIntent();
      // Act
      const outcome = await grants.grant(intent, clock.lock('req-1'), async () => {
        lostResponse.arm();
        return { data: { id: 'm-1' } };
      });
      // Assess
      expect(lostResponse.lost).toBe(1);
      expect(outcome).toMatchObject({ replayed: false, record: { status: 'GRANTED', data: { id: 'm-1' } } });
      expect((await store.get(intent.grantId))?.history.map((t) => t.to)).toEqual(['GRANTING', 'GRANTED']);
    });

    it('revoke: ok, the record ends REVOKED', async () => {
      // Prepare
      const intent = anIntent();
      await grants.grant(intent, clock.lock(), async () => ({ data: { id: 'm-1' } }));
      // Act
      const outcome = await grants.revoke(intent, clock.lock('req-r'), async () => {
        lostResponse.arm();
      });
      // Assess
      expect(lostResponse.lost).toBe(1);
      expect(outcome).toMatchObject({ replayed: false, record: { status: 'REVOKED' } });
    });

    it('credential reset: the secret comes back and the reset is recorded once', async () => {
      // Prepare
      const key = { username: 'ada@example.com', resourceType: 'database', resources: ['db-1'] };
      await credentials.track('create', key, clock.lock(), async () => ({ secret: 'first' }));
      // Act
      const result = await credentials.track('reset', key, clock.lock('req-c'), async () => {
        lostResponse.arm();
        return { secret: 'rotated' };
      });
      // Assess
      expect(lostResponse.lost).toBe(1);
      expect(result).toEqual({ secret: 'rotated' });
      const record = await store.getCredential(credentialIdFor(key));
      expect(record).toMatchObject({ status: 'ACTIVE', resetCount: 1 });
      expect(record).not.toHaveProperty('lockOwner');
    });
  });

  describe('on a server that ignores ReturnValuesOnConditionCheckFailure', () => {
    beforeAll(() => emulateReturnValuesOnConditionCheckFailure(false));
    afterAll(() => emulateReturnValuesOnConditionCheckFailure(true));

    it('revoke whose method throws: the record goes back to GRANTED, the status before our lock (read from the record)', async () => {
      // Prepare
      const intent = anIntent();
      await grants.grant(intent, clock.lock(), async () => ({ data: { id: 'm-1' } }));
      const failure = new Error('portal down');
      lostResponse.arm();
      // Act
      const result = grants.revoke(intent, clock.lock('req-r'), async () => { throw failure; });
      // Assess
      await expect(result).rejects.toBe(failure);
      expect(lostResponse.lost).toBe(1);
      const record = await store.get(intent.grantId);
      expect(record?.status).toBe('GRANTED');
      expect(record?.history.slice(-2).map((t) => [t.from, t.to])).toEqual([['GRANTED', 'REVOKING'], ['REVOKING', 'GRANTED']]);
    });

    it('grant whose settling write is resent: ok (the record, not returned with the refusal, is read)', async () => {
      // Prepare
      const intent = anIntent();
      // Act
      const outcome = await grants.grant(intent, clock.lock('req-1'), async () => {
        lostResponse.arm();
        return {};
      });
      // Assess
      expect(lostResponse.lost).toBe(1);
      expect(outcome).toMatchObject({ replayed: false, record: { status: 'GRANTED' } });
    });

    it('revoke whose settling write is resent: ok, REVOKED', async () => {
      // Prepare
      const intent = anIntent();
      await grants.grant(intent, clock.lock(), async () => ({}));
      // Act
      const outcome = await grants.revoke(intent, clock.lock('req-r'), async () => {
        lostResponse.arm();
      });
      // Assess
      expect(lostResponse.lost).toBe(1);
      expect(outcome.record.status).toBe('REVOKED');
    });
  });

  it('credential event: the method runs once, its result comes back, the event is recorded', async () => {
    // Prepare
    const key = { username: 'ada@example.com', resourceType: 'database', resources: ['db-1'] };
    await credentials.track('create', key, clock.lock(), async () => ({ secret: 'first' }));
    const run = jest.fn(async () => ({ secret: 'rotated' }));
    lostResponse.arm();
    // Act
    const result = await credentials.track('reset', key, clock.lock('req-c'), run);
    // Assess
    expect(lostResponse.lost).toBe(1);
    expect(run).toHaveBeenCalledTimes(1);
    expect(result).toEqual({ secret: 'rotated' });
    const record = await store.getCredential(credentialIdFor(key));
    expect(record).toMatchObject({ status: 'ACTIVE', resetCount: 1 });
    expect(record).not.toHaveProperty('lockOwner');
  });
});
