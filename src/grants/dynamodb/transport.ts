import type { AttributeValueLike } from './attribute-value';

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
