/**
 * Runs a contract suite on both stores: a MemoryGrantStore, and a DynamoDbGrantStore
 * against dynalite on 127.0.0.1 (one fresh table per store made).
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createGrantTable, DynamoDbGrantStore } from '../../src/grants/dynamodb';
import type { GrantStore } from '../../src/grants/grant-store';
import { MemoryGrantStore } from '../../src/grants/memory-grant-store';
import { startDynalite, type LocalDynamo } from './dynalite';

/** Makes a fresh, empty store for one test. */
export type MakeStore = () => Promise<GrantStore>;

/** Describes `contract` once per store. */
export function describeOnBothStores(contract: (makeStore: MakeStore) => void): void {
  describe('MemoryGrantStore', () => {
    contract(async () => new MemoryGrantStore());
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
    contract(async () => {
      const tableName = `grants-${randomUUID()}`;
      await createGrantTable(client, tableName);
      return new DynamoDbGrantStore({ tableName, client });
    });
  });
}
