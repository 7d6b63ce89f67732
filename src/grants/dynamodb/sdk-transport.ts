import { DynamoDBClient, GetItemCommand, PutItemCommand, ScanCommand, UpdateItemCommand, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { DynamoDbOperation, DynamoDbTransport } from './transport';

/** The commands of the operations the store sends (the SDK's typed inputs, reached from the transport's JSON). */
const COMMANDS = { GetItem: GetItemCommand, PutItem: PutItemCommand, UpdateItem: UpdateItemCommand, Scan: ScanCommand } as const;

/** What a command accepts, for any operation: the inputs are DynamoDB's JSON shapes, which the SDK's types describe. */
type AnyCommand = new (input: Record<string, unknown>) => Parameters<DynamoDBClient['send']>[0];

/**
 * DynamoDB through the AWS SDK: the user's `client`, or one built from
 * `clientConfig` (with the SDK's credential provider chain, endpoint rules,
 * retries and middleware). Its errors go through unchanged (a failed condition
 * carries the item in `Item`, as the transport contract says).
 *
 * Loaded only with `import()` from `open-transport.ts`, so that neither this
 * module nor `@aws-sdk/client-dynamodb` is loaded when the SDK-free transport is used.
 *
 * @example
 * ```ts
 * const transport = new SdkDynamoDbTransport(undefined, { region: 'eu-west-1' });
 * await transport.send('GetItem', { TableName: 'apono-grants', Key: { pk: { S: 'GRANT#g-1' } } });
 * ```
 */
export class SdkDynamoDbTransport implements DynamoDbTransport {
  private readonly client: DynamoDBClient;

  constructor(client: DynamoDBClient | undefined, clientConfig: DynamoDBClientConfig = {}) {
    this.client = client ?? new DynamoDBClient(clientConfig);
  }

  async send(operation: DynamoDbOperation, input: Record<string, unknown>): Promise<Record<string, unknown>> {
    const Command = COMMANDS[operation] as unknown as AnyCommand;
    return (await this.client.send(new Command(input))) as unknown as Record<string, unknown>;
  }
}
