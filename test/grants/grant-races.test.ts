import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createGrantTable, DynamoDbGrantStore } from '../../src/grants/dynamodb';
import { MemoryGrantStore } from '../../src/grants/memory-grant-store';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { describeGrantRaces } from './grant-races.contract';

describe('MemoryGrantStore', () => {
  describeGrantRaces(async () => new MemoryGrantStore());
});

describe('DynamoDbGrantStore (against dynalite)', () => {
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;

  beforeAll(async () => {
    dynamo = await startDynalite();
    client = dynamo.client();
  });
  afterAll(async () => {
    await dynamo.stop();
  });

  describeGrantRaces(async () => {
    const tableName = `grants-${randomUUID()}`;
    await createGrantTable(client, tableName);
    return new DynamoDbGrantStore({ tableName, client });
  });
});
