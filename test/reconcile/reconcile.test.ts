import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { MemoryGrantStore } from '../../src/grants/memory-grant-store';
import { createGrantTable, DynamoDbGrantStore } from '../../src/grants/dynamodb';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { describeReconcileContract } from './reconcile.contract';

describe('MemoryGrantStore', () => {
  describeReconcileContract(async () => new MemoryGrantStore());
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
  describeReconcileContract(async () => {
    const tableName = `reconcile-${randomUUID()}`;
    await createGrantTable(client, tableName);
    return new DynamoDbGrantStore({ tableName, client });
  });
});
