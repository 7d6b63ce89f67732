import type { DynamoDBClient, DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { GrantTableAttributeDefinitions, GrantTableKeySchema, GrantTableSchema } from './constants';

/**
 * Options of {@link createGrantTable}.
 * @example await createGrantTable(client, 'apono-grants', { ttl: false, maxWaitMs: 5_000 });
 */
export interface CreateGrantTableOptions {
  /** Enable TTL on a table this call creates (default true; skipped on servers without TTL). */
  ttl?: boolean;
  /** How long to wait for ACTIVE (default 60 000 ms). */
  maxWaitMs?: number;
}

function isClient(target: DynamoDBClient | DynamoDBClientConfig): target is DynamoDBClient {
  return typeof (target as { send?: unknown }).send === 'function';
}

function errorName(err: unknown): unknown {
  return typeof err === 'object' && err !== null ? (err as { name?: unknown }).name : undefined;
}

const POLL_INTERVAL_MS = 100;

/**
 * Creates the store's table if missing, waits until it is ACTIVE and enables TTL. For
 * local servers and tests; deploy production tables with your IaC. See docs/dynamodb-store.md#table-creation.
 *
 * @example
 * ```ts
 * await createGrantTable({ endpoint: 'http://127.0.0.1:4567', region: 'us-east-1' }, 'apono-grants');
 * const store = new DynamoDbGrantStore({ tableName: 'apono-grants', clientConfig: { endpoint: 'http://127.0.0.1:4567' } });
 * ```
 */
export async function createGrantTable(
  target: DynamoDBClient | DynamoDBClientConfig,
  tableName: string,
  options: CreateGrantTableOptions = {},
): Promise<{ created: boolean }> {
  const sdk = await import('@aws-sdk/client-dynamodb');
  const client = isClient(target) ? target : new sdk.DynamoDBClient(target);
  try {
    let created = true;
    try {
      await client.send(
        new sdk.CreateTableCommand({
          TableName: tableName,
          KeySchema: GrantTableKeySchema.map((k) => ({ ...k })),
          AttributeDefinitions: GrantTableAttributeDefinitions.map((d) => ({ ...d })),
          BillingMode: GrantTableSchema.billingMode,
        }),
      );
    } catch (err) {
      if (errorName(err) !== 'ResourceInUseException') throw err;
      created = false;
    }
    const deadline = Date.now() + (options.maxWaitMs ?? 60_000);
    for (;;) {
      const { Table } = await client.send(new sdk.DescribeTableCommand({ TableName: tableName }));
      if (Table?.TableStatus === 'ACTIVE') break;
      if (Date.now() > deadline) throw new Error(`table ${tableName} is not ACTIVE after ${options.maxWaitMs ?? 60_000} ms`);
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
    if (created && options.ttl !== false) {
      try {
        await client.send(
          new sdk.UpdateTimeToLiveCommand({
            TableName: tableName,
            TimeToLiveSpecification: { AttributeName: GrantTableSchema.ttlAttribute, Enabled: true },
          }),
        );
      } catch (err) {
        // dynalite has no TTL; records then simply stay.
        if (errorName(err) !== 'UnknownOperationException') throw err;
      }
    }
    return { created };
  } finally {
    if (!isClient(target)) client.destroy();
  }
}
