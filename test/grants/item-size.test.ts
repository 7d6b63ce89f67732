import { randomUUID } from 'node:crypto';
import { PutItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { toAttributeMap, toAttributeValue } from '../../src/grants/dynamodb/record-items';
import { createGrantTable, GrantTableSchema } from '../../src/grants/dynamodb';
import { DYNAMODB_ITEM_LIMIT_BYTES, dynamoItemBytes, utf8Bytes } from '../../src/grants/record-bounds';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

const LIMIT = DYNAMODB_ITEM_LIMIT_BYTES;
const PK = GrantTableSchema.partitionKey;

/** dynalite's own size rule (node_modules/dynalite/db/index.js, itemSize), the one its PutItem and UpdateItem check. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynaliteItemSize = (require('dynalite/db') as { itemSize(item: unknown): number }).itemSize;

/** A grant record as the store writes it: the key, strings, numbers, a list of maps, a nested map. */
const aTypicalRecord = (): Record<string, unknown> => ({
  [PK]: `GRANT#${randomUUID()}`,
  status: 'GRANTED',
  intent: { grantId: 'g-1', username: 'ada@example.com', resourceType: 'portal-role', resources: ['r-1', 'r-2'], permission: 'admin' },
  payloadHash: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  data: { accountId: 'acct-123', roleIds: [101, 102, 1_718_000_000_123], temporary: true, note: null },
  updatedAtMs: 1_718_000_000_123,
  version: 7,
  history: Array.from({ length: 20 }, (_, i) => ({ from: 'GRANTING', to: 'GRANTED', atMs: 1_718_000_000_000 + i * 37, by: `req-${i}`, error: undefined })),
  lockOwner: undefined,
});

/** `base` with a `payload` string of `fill` repeated, so that `dynamoItemBytes` of the result is `bytes` (or just over it). */
const filledTo = (base: Record<string, unknown>, bytes: number, fill = 'x'): Record<string, unknown> => {
  const fillBytes = utf8Bytes(fill);
  const room = bytes - dynamoItemBytes({ ...base, payload: '' });
  return { ...base, payload: fill.repeat(Math.ceil(room / fillBytes)) };
};

describe('dynamoItemBytes', () => {
  it('counts a string attribute as the UTF-8 bytes of its name and of its value', () => {
    // Act / Assess
    expect(dynamoItemBytes({ status: 'GRANTED' })).toBe(6 + 7);
  });

  it('counts a multi-byte attribute name and value in UTF-8 bytes, not characters', () => {
    // Act / Assess
    expect(dynamoItemBytes({ 'é': '€😀' })).toBe(2 + 3 + 4);
  });

  it('counts a number as its significant digits two per byte, plus 2 bytes', () => {
    // Act / Assess
    expect(dynamoItemBytes({ n: 12345 })).toBe(1 + 3 + 2);
  });

  it('trims leading and trailing zeros before counting the digits of a number', () => {
    // Act / Assess
    expect([1000, 0.001, 1e21].map((n) => dynamoItemBytes({ n }))).toEqual([1 + 3, 1 + 3, 1 + 3]);
  });

  it('counts a negative number 1 byte more than its absolute value', () => {
    // Act / Assess
    expect(dynamoItemBytes({ n: -1.5 }) - dynamoItemBytes({ n: 1.5 })).toBe(1);
  });

  it('counts a boolean or a null as 1 byte', () => {
    // Act / Assess
    expect(dynamoItemBytes({ ok: true, no: false, none: null })).toBe(2 + 1 + 2 + 1 + 4 + 1);
  });

  it('counts a list or map as 3 bytes plus 1 byte per element, map entries with their names', () => {
    // Prepare
    const item = { h: [{ to: 'GRANTED' }, 'x'], m: {} };
    // Act
    const bytes = dynamoItemBytes(item);
    // Assess
    const map = 3 + (1 + 2 + 7);
    expect(bytes).toBe(1 + (3 + (1 + map) + (1 + 1)) + (1 + 3));
  });

  it('skips undefined fields and counts an undefined list element as the NULL it is stored as', () => {
    // Act / Assess
    expect(dynamoItemBytes({ a: 'x', b: undefined, c: [undefined], d: { e: undefined } })).toBe(2 + (1 + 3 + 1 + 1) + (1 + 3));
  });

  it('refuses what toAttributeMap refuses: a non-finite number', () => {
    // Act / Assess
    expect(() => dynamoItemBytes({ n: Number.NaN })).toThrow(TypeError);
    expect(() => toAttributeMap({ n: Number.NaN })).toThrow(TypeError);
  });

  it('is never under dynalite\'s count of a number, and at most 1 byte over it', () => {
    // Prepare
    const numbers = [0, -0, 1, -1, 7, 10, 99, 100, 1.5, -1.5, 0.1 + 0.2, 1e21, 5e-324, -Number.MAX_VALUE, Number.MAX_SAFE_INTEGER, 1_718_000_000_123, 123.456];
    // Act
    const gaps = numbers.map((n) => dynamoItemBytes({ n }) - dynaliteItemSize({ n: toAttributeValue(n) }));
    // Assess
    for (const gap of gaps) expect(gap === 0 || gap === 1).toBe(true);
  });

  it('is never under dynalite\'s count of a typical record, and within 3% of it', () => {
    // Prepare
    const record = aTypicalRecord();
    // Act
    const ours = dynamoItemBytes(record);
    const theirs = dynaliteItemSize(toAttributeMap(record));
    // Assess
    expect(ours).toBeGreaterThanOrEqual(theirs);
    expect(ours).toBeLessThanOrEqual(theirs * 1.03);
  });
});

describe('utf8Bytes', () => {
  it('is the exact UTF-8 length: 1 byte for ASCII, 2 to 4 for other characters', () => {
    // Act / Assess
    expect(['GRANTED', 'é', '€', '😀', ''].map(utf8Bytes)).toEqual([7, 2, 3, 4, 0]);
  });
});

describe('dynamoItemBytes against a DynamoDB-API server (dynalite enforces the 400 KB item limit)', () => {
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;
  let tableName: string;
  const put = (item: Record<string, unknown>) => client.send(new PutItemCommand({ TableName: tableName, Item: toAttributeMap(item) }));
  const refusal = (message: string) => ({ name: 'ValidationException', message });

  beforeAll(async () => {
    dynamo = await startDynalite();
    client = dynamo.client();
    tableName = `item-size-${randomUUID()}`;
    await createGrantTable(client, tableName);
  });
  afterAll(async () => {
    await dynamo.stop();
  });

  it('the limit is 400 KiB', () => {
    // Act / Assess
    expect(LIMIT).toBe(409_600);
  });

  it('accepts a PutItem of exactly the limit, key attribute included', async () => {
    // Prepare
    const item = filledTo({ [PK]: `GRANT#${randomUUID()}` }, LIMIT);
    expect(dynamoItemBytes(item)).toBe(LIMIT);
    // Act / Assess
    await expect(put(item)).resolves.toBeDefined();
  });

  it('refuses a PutItem 1 byte over the limit', async () => {
    // Prepare
    const item = filledTo({ [PK]: `GRANT#${randomUUID()}` }, LIMIT + 1);
    expect(dynamoItemBytes(item)).toBe(LIMIT + 1);
    // Act / Assess
    await expect(put(item)).rejects.toMatchObject(refusal('Item size has exceeded the maximum allowed size'));
  });

  it('refuses a PutItem 1 byte over the limit when only the key attribute\'s bytes put it over', async () => {
    // Prepare
    const item = filledTo({ [PK]: `GRANT#${randomUUID()}` }, LIMIT);
    // Act
    const longerKey = { ...item, [PK]: `${item[PK] as string}x` };
    // Assess
    expect(dynamoItemBytes(longerKey)).toBe(LIMIT + 1);
    await expect(put(longerKey)).rejects.toMatchObject(refusal('Item size has exceeded the maximum allowed size'));
  });

  it('accepts a typical record (numbers, lists, maps) filled to the limit by our count', async () => {
    // Prepare
    const item = filledTo(aTypicalRecord(), LIMIT);
    expect(dynamoItemBytes(item)).toBe(LIMIT);
    // Act / Assess
    await expect(put(item)).resolves.toBeDefined();
  });

  it('refuses an UpdateItem that leaves the item 1 byte over the limit', async () => {
    // Prepare
    const item = filledTo({ [PK]: `GRANT#${randomUUID()}` }, LIMIT - 10);
    await put(item);
    expect(dynamoItemBytes({ ...item, status: 'x'.repeat(5) })).toBe(LIMIT + 1); // 'status' is 6 bytes
    // Act
    const update = client.send(new UpdateItemCommand({
      TableName: tableName,
      Key: toAttributeMap({ [PK]: item[PK] }),
      UpdateExpression: 'SET #s = :s',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: toAttributeMap({ ':s': 'x'.repeat(5) }),
    }));
    // Assess
    await expect(update).rejects.toMatchObject(refusal('Item size to update has exceeded the maximum allowed size'));
  });

  it('dynalite counts UTF-16 units, not UTF-8 bytes: it accepts a multi-byte item that DynamoDB would refuse', async () => {
    // Prepare
    const item = filledTo({ [PK]: `GRANT#${randomUUID()}` }, LIMIT + 1, 'é');
    expect(dynamoItemBytes(item)).toBeGreaterThan(LIMIT);
    // Act / Assess
    await expect(put(item)).resolves.toBeDefined();
  });
});
