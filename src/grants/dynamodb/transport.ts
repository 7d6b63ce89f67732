/**
 * How the store reaches DynamoDB: the transport contract, the SDK transport, and the choice.
 * Only types come from the SDK here: each transport is loaded with `import()` once chosen.
 */
import type { DynamoDBClient, DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { AttributeValueLike } from './record-items';

/** Every operation the store sends (each an IAM action of `GrantTableIamActions`). */
export type DynamoDbOperation = 'GetItem' | 'PutItem' | 'UpdateItem' | 'Scan';

/**
 * One operation, input and output in DynamoDB's JSON shapes. A refusal is thrown with
 * DynamoDB's error type as `name`, and the item in `Item` when a condition failed under ALL_OLD.
 * @example const { Item } = await transport.send('GetItem', { TableName: 'apono-grants', Key: { pk: { S: 'GRANT#g-1' } } });
 */
export interface DynamoDbTransport {
  send(operation: DynamoDbOperation, input: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/**
 * A refusal by DynamoDB, as the SDK-free transport throws it. See docs/dynamodb-store.md#retries-and-errors.
 * @example if (err instanceof DynamoDbServiceError && err.name === 'ConditionalCheckFailedException') console.log(err.Item);
 */
export class DynamoDbServiceError extends Error {
  readonly Item?: Record<string, AttributeValueLike>;

  constructor(
    name: string,
    message: string,
    readonly statusCode: number,
    item?: Record<string, AttributeValueLike>,
  ) {
    super(message);
    this.name = name;
    if (item !== undefined) this.Item = item;
  }
}

/**
 * A refused condition, from either transport (with the item when the server honoured ALL_OLD).
 * @example if (isConditionalCheckFailure(err)) return { applied: false, item: err.Item };
 */
export function isConditionalCheckFailure(err: unknown): err is { name: string; Item?: Record<string, AttributeValueLike> } {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'ConditionalCheckFailedException';
}

type DynamoDbSdk = typeof import('@aws-sdk/client-dynamodb');

/** Any operation's command: the inputs are DynamoDB's JSON shapes, which the SDK's types describe. */
type AnyCommand = new (input: Record<string, unknown>) => Parameters<DynamoDBClient['send']>[0];

/**
 * DynamoDB through the AWS SDK: the user's `client`, or one built from `clientConfig`. Errors pass through.
 * @example await new SdkDynamoDbTransport(await import('@aws-sdk/client-dynamodb'), undefined, { region: 'eu-west-1' }).send('GetItem', input);
 */
export class SdkDynamoDbTransport implements DynamoDbTransport {
  private readonly client: DynamoDBClient;
  private readonly commands: Readonly<Record<DynamoDbOperation, AnyCommand>>;

  constructor(sdk: DynamoDbSdk, client: DynamoDBClient | undefined, clientConfig: DynamoDBClientConfig = {}) {
    this.client = client ?? new sdk.DynamoDBClient(clientConfig);
    this.commands = { GetItem: sdk.GetItemCommand, PutItem: sdk.PutItemCommand, UpdateItem: sdk.UpdateItemCommand, Scan: sdk.ScanCommand } as unknown as Record<DynamoDbOperation, AnyCommand>;
  }

  async send(operation: DynamoDbOperation, input: Record<string, unknown>): Promise<Record<string, unknown>> {
    const Command = this.commands[operation];
    return (await this.client.send(new Command(input))) as unknown as Record<string, unknown>;
  }
}

/**
 * The SDK-free transport when no `client` is given and `chooseJsonTransport` allows it (as in Lambda), else the SDK.
 * @example const transport = await openTransport({ clientConfig: { region: 'eu-west-1' } });
 */
export async function openTransport(
  options: { client?: DynamoDBClient; clientConfig?: DynamoDBClientConfig },
  env: NodeJS.ProcessEnv = process.env,
): Promise<DynamoDbTransport> {
  if (options.client === undefined) {
    const { chooseJsonTransport, JsonDynamoDbTransport } = await import('./json-transport');
    const choice = chooseJsonTransport(options.clientConfig, env);
    if ('config' in choice) return new JsonDynamoDbTransport(choice.config);
  }
  return new SdkDynamoDbTransport(await import('@aws-sdk/client-dynamodb'), options.client, options.clientConfig);
}
