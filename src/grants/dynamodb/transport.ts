/**
 * How `DynamoDbGrantStore` reaches DynamoDB: the transport contract, the AWS SDK's
 * transport, and the choice between it and the SDK-free one (`json-transport.ts`).
 * The SDK and the SDK-free transport are each loaded with `import()` only when
 * chosen, so that the SDK is never loaded on the SDK-free path and a bundle keeps
 * both out of its cold-start entry; this module holds types only from the SDK.
 */
import type { DynamoDBClient, DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { AttributeValueLike } from './record-items';

/**
 * The DynamoDB operations `DynamoDbGrantStore` sends (and so the IAM actions of
 * `GrantTableIamActions`): nothing else goes through a transport.
 */
export type DynamoDbOperation = 'GetItem' | 'PutItem' | 'UpdateItem' | 'Scan';

/**
 * How `DynamoDbGrantStore` reaches DynamoDB: one operation's input, as DynamoDB's
 * JSON protocol spells it (AttributeValues such as `{ S: 'x' }`), in; its output
 * out. A service refusal is thrown as an `Error` whose `name` is DynamoDB's error
 * type (`ConditionalCheckFailedException`, `ValidationException`, …), carrying the
 * item as it is in `Item` when a condition failed under
 * `ReturnValuesOnConditionCheckFailure: ALL_OLD`: the AWS SDK's errors have that
 * shape, and {@link DynamoDbServiceError} is it for the SDK-free transport.
 *
 * @example
 * ```ts
 * const { Item } = await transport.send('GetItem', { TableName: 'apono-grants', Key: { pk: { S: 'GRANT#g-1' } } });
 * ```
 */
export interface DynamoDbTransport {
  send(operation: DynamoDbOperation, input: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/**
 * A refusal by DynamoDB, as the SDK-free transport throws it: `name` is the error
 * type without its namespace (`com.amazonaws.dynamodb.v20120810#ValidationException`
 * becomes `ValidationException`), `message` the server's (secrets of the request
 * removed), `Item` the item a failed condition returned, `statusCode` the HTTP status.
 *
 * @example
 * ```ts
 * if (err instanceof DynamoDbServiceError && err.name === 'ConditionalCheckFailedException') console.log(err.Item);
 * ```
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
 *
 * @example
 * ```ts
 * if (isConditionalCheckFailure(err)) return { applied: false, item: err.Item };
 * ```
 */
export function isConditionalCheckFailure(err: unknown): err is { name: string; Item?: Record<string, AttributeValueLike> } {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'ConditionalCheckFailedException';
}

/** `@aws-sdk/client-dynamodb`, as `import()` gives it. */
type DynamoDbSdk = typeof import('@aws-sdk/client-dynamodb');

/** What a command accepts, for any operation: the inputs are DynamoDB's JSON shapes, which the SDK's types describe. */
type AnyCommand = new (input: Record<string, unknown>) => Parameters<DynamoDBClient['send']>[0];

/**
 * DynamoDB through the AWS SDK: the user's `client`, or one built from
 * `clientConfig` (with the SDK's credential provider chain, endpoint rules,
 * retries and middleware). Its errors go through unchanged (a failed condition
 * carries the item in `Item`, as the transport contract says). It is given the
 * SDK module, which `openTransport` loads only when it chooses the SDK.
 *
 * @example
 * ```ts
 * const transport = new SdkDynamoDbTransport(await import('@aws-sdk/client-dynamodb'), undefined, { region: 'eu-west-1' });
 * await transport.send('GetItem', { TableName: 'apono-grants', Key: { pk: { S: 'GRANT#g-1' } } });
 * ```
 */
export class SdkDynamoDbTransport implements DynamoDbTransport {
  private readonly client: DynamoDBClient;
  /** The commands of the operations the store sends (the SDK's typed inputs, reached from the transport's JSON). */
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
 * The transport of a `DynamoDbGrantStore`, made on its first call: the SDK-free
 * one (`json-transport.ts`) when no `client` is given and `clientConfig` and the
 * environment hold only what it understands (`chooseJsonTransport`), which is the
 * case inside Lambda; otherwise the AWS SDK.
 *
 * @example
 * ```ts
 * const transport = await openTransport({ clientConfig: { region: 'eu-west-1' } });
 * ```
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
