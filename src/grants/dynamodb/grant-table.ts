import type { DynamoDBClient, DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

// The grants table: its schema and key, the IAM actions the store needs on it, and creating it.

/**
 * The table `DynamoDbGrantStore` expects: key `pk` (S), items `GRANT#<grant_id>` and
 * `CRED#<credentialId>`, TTL on `expiresAtEpochSec`. See docs/dynamodb-store.md#item-layout.
 *
 * @example
 * ```yaml
 * GrantsTable:
 *   Type: AWS::DynamoDB::Table
 *   Properties:
 *     BillingMode: PAY_PER_REQUEST
 *     AttributeDefinitions: [{ AttributeName: pk, AttributeType: S }]
 *     KeySchema: [{ AttributeName: pk, KeyType: HASH }]
 *     TimeToLiveSpecification: { AttributeName: expiresAtEpochSec, Enabled: true }
 * ```
 */
export const GrantTableSchema = {
  partitionKey: 'pk',
  partitionKeyType: 'S',
  ttlAttribute: 'expiresAtEpochSec',
  grantKeyPrefix: 'GRANT#',
  credentialKeyPrefix: 'CRED#',
  billingMode: 'PAY_PER_REQUEST',
} as const;

/**
 * `KeySchema` of the table, as CreateTable and CloudFormation spell it.
 * @example new CreateTableCommand({ TableName, KeySchema: [...GrantTableKeySchema], AttributeDefinitions: [...GrantTableAttributeDefinitions] });
 */
export const GrantTableKeySchema = [{ AttributeName: GrantTableSchema.partitionKey, KeyType: 'HASH' }] as const;

/**
 * `AttributeDefinitions` of the table (the key attribute only).
 * @example const definitions = [...GrantTableAttributeDefinitions];
 */
export const GrantTableAttributeDefinitions = [
  { AttributeName: GrantTableSchema.partitionKey, AttributeType: GrantTableSchema.partitionKeyType },
] as const;

/**
 * The IAM actions the store sends, per use. See docs/dynamodb-store.md#iam-actions.
 * @example role.addToPolicy(new iam.PolicyStatement({ actions: [...GrantTableIamActions.runtime], resources: [table.tableArn] })); // CDK
 */
export const GrantTableIamActions = {
  runtime: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  list: ['dynamodb:Scan'],
  reconcile: ['dynamodb:Scan'],
} as const;

/**
 * Everything a deployment needs about the store's table. The SAM, Terraform and CDK
 * templates are tested against these values.
 *
 * @example
 * ```ts
 * // CDK, by hand (the apono-lambda-kit/cdk construct does this for you):
 * const table = new dynamodb.Table(this, 'Grants', {
 *   partitionKey: { name: GrantTable.schema.partitionKey, type: dynamodb.AttributeType.STRING },
 *   timeToLiveAttribute: GrantTable.schema.ttlAttribute,
 * });
 * fn.addToRolePolicy(new iam.PolicyStatement({ actions: [...GrantTable.iamActions.runtime], resources: [table.tableArn] }));
 * ```
 */
export const GrantTable = {
  schema: GrantTableSchema,
  keySchema: GrantTableKeySchema,
  attributeDefinitions: GrantTableAttributeDefinitions,
  /** `runtime` (every invocation), `reconcile` (added for the reconcile event), `list` (the CLI's `grants list`). */
  iamActions: GrantTableIamActions,
} as const;

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
