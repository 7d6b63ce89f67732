/**
 * Why the CLI's dynalite loader patches dynalite: DynamoDB answers a failed
 * condition with the item when asked (`ReturnValuesOnConditionCheckFailure:
 * ALL_OLD`); dynalite, older than that parameter, never returns it. Without the
 * patch every local run and every request-count test would take the store's
 * fallback path (one extra read per conflict), which DynamoDB never takes.
 */
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { emulateReturnValuesOnConditionCheckFailure, startDynalite, type LocalDynamo } from '../support/dynalite';
import { createGrantTable } from '../../src/grants/dynamodb';

describe('the dynalite the CLI and the tests load', () => {
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;
  let tableName: string;

  beforeAll(async () => {
    dynamo = await startDynalite();
    client = dynamo.client();
    tableName = `grants-${randomUUID()}`;
    await createGrantTable(client, tableName);
    await client.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: 'g-1' }, status: { S: 'GRANTED' } } }));
  });
  afterAll(() => dynamo.stop());

  const conditionalPut = () =>
    client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { pk: { S: 'g-1' }, status: { S: 'PENDING' } },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );

  it('answers a failed condition with the existing item, as DynamoDB does with ALL_OLD', async () => {
    // Prepare: the record g-1 exists (beforeAll)
    // Act
    const failure = await conditionalPut().catch((err: unknown) => err);
    // Assess
    expect(failure).toBeInstanceOf(ConditionalCheckFailedException);
    expect((failure as ConditionalCheckFailedException).Item).toEqual({ pk: { S: 'g-1' }, status: { S: 'GRANTED' } });
  });

  it('answers without the item when the emulation is off, which is what the store’s fallback read covers', async () => {
    // Prepare
    emulateReturnValuesOnConditionCheckFailure(false);
    try {
      // Act
      const failure = await conditionalPut().catch((err: unknown) => err);
      // Assess
      expect(failure).toBeInstanceOf(ConditionalCheckFailedException);
      expect((failure as ConditionalCheckFailedException).Item).toBeUndefined();
    } finally {
      emulateReturnValuesOnConditionCheckFailure(true);
    }
  });
});
