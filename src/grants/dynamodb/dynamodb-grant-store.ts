import type { DynamoDBClient, DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { type CredentialListOptions, type CredentialLockResult, type CredentialRelease, type CredentialWrite, type CredentialWriteResult, DEFAULT_LIST_LIMIT, DEFAULT_PAGE_LIMIT, type GrantListOptions, type GrantLock, type GrantPage, type GrantPageOptions, type GrantPutExpectation, type GrantRevokeLock, type GrantStore, type GrantWriteResult } from '../grant-store';
import type { CredentialRecord, GrantRecord, GrantTransition } from '../records';
import { type AttributeValueLike, credentialItemKey, credentialRecordFromItem, grantItem, grantItemKey, grantRecordFromItem, type JsonAttributeValue } from './record-items';
import { GrantTableSchema } from './grant-table';
import { type DynamoDbOperation, type DynamoDbTransport, isConditionalCheckFailure, openTransport } from './transport';
import { type ConditionParts, credentialLockExpressions, credentialUnlockExpressions, credentialUpdateExpressions, grantPutCondition, lockGrantedExpressions, type UpdateExpressionParts } from './update-expressions';

type Item = Record<string, AttributeValueLike>;
type ScanOutput = { Items?: Item[]; LastEvaluatedKey?: Item };
type ConditionalUpdate = { applied: true; item: Item } | { applied: false; item?: Item };

/** An item without `status` holds only a lock (no event recorded yet). */
function isCredentialRecordItem(item: Item | undefined): item is Item {
  return item?.status !== undefined;
}

/**
 * Options of {@link DynamoDbGrantStore}.
 * @example new DynamoDbGrantStore({ tableName: 'apono-grants', clientConfig: { region: 'eu-west-1' } });
 */
export interface DynamoDbGrantStoreOptions {
  /** Schema: {@link GrantTableSchema}. */
  tableName: string;
  /** Default: `tableName`. Same key schema. */
  credentialsTableName?: string;
  /** An AWS SDK client to send every request with. Default: none; see `clientConfig`. */
  client?: DynamoDBClient;
  /**
   * Used without `client`. Only `region`, `endpoint`, static `credentials` and `maxAttempts`
   * keep the store SDK-free; anything else loads the SDK. See docs/dynamodb-store.md#transports.
   */
  clientConfig?: DynamoDBClientConfig;
  /** Strongly consistent reads and scans. Default true. */
  consistentRead?: boolean;
}

function encodeCursor(key: Item): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): Item {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof key === 'object' && key !== null && !Array.isArray(key)) return key as Item;
  } catch {
    // fall through
  }
  throw new TypeError('DynamoDbGrantStore.page: invalid cursor');
}

/**
 * A durable {@link GrantStore} on DynamoDB: one conditional write per transition, and
 * no AWS SDK in Lambda. See docs/dynamodb-store.md.
 *
 * @example
 * ```ts
 * export const handler = bootstrap(PortalIntegration, {
 *   store: new DynamoDbGrantStore({ tableName: process.env.GRANTS_TABLE! }),
 * });
 * ```
 */
export class DynamoDbGrantStore implements GrantStore {
  readonly durable = true;
  private readonly tableName: string;
  private readonly credentialsTableName: string;
  private readonly consistentRead: boolean;
  private transport?: Promise<DynamoDbTransport>;

  constructor(private readonly options: DynamoDbGrantStoreOptions) {
    if (typeof options?.tableName !== 'string' || options.tableName === '') {
      throw new TypeError('DynamoDbGrantStore needs a tableName');
    }
    this.tableName = options.tableName;
    this.credentialsTableName = options.credentialsTableName ?? options.tableName;
    this.consistentRead = options.consistentRead ?? true;
  }

  /** @example `await store.get('g-1')` */
  async get(grantId: string): Promise<GrantRecord | undefined> {
    const item = await this.getItem(this.tableName, grantItemKey(grantId));
    return item === undefined ? undefined : grantRecordFromItem(item);
  }

  /** @example `await store.put({ ...record, version: 1 }, { absent: true })` */
  async put(record: GrantRecord, expected: GrantPutExpectation): Promise<GrantWriteResult> {
    const result = await this.conditionalPut(this.tableName, grantItem(record), grantPutCondition(expected));
    if (result.applied) return { applied: true, record: grantRecordFromItem(result.item) };
    return this.refusal(record.grantId, result.item);
  }

  /** @example `await store.lockGranted('g-1', { lockOwner: 'req-1', lockExpiresAtMs, updatedAtMs: now }, entry)` */
  async lockGranted(grantId: string, lock: GrantRevokeLock, entry: GrantTransition): Promise<GrantWriteResult> {
    const result = await this.conditionalUpdate(this.tableName, grantItemKey(grantId), lockGrantedExpressions(lock, entry));
    if (result.applied) return { applied: true, record: grantRecordFromItem(result.item) };
    return this.refusal(grantId, result.item);
  }

  /** Without an item in the refusal (no item, or a server ignoring ALL_OLD), one read. See docs/dynamodb-store.md#all-old. */
  private async refusal(grantId: string, item: Item | undefined): Promise<GrantWriteResult> {
    const current = item === undefined ? await this.get(grantId) : grantRecordFromItem(item);
    return current === undefined ? { applied: false } : { applied: false, current };
  }

  /** @example `await store.list({ status: 'GRANTED', limit: 20 })` */
  async list(options: GrantListOptions = {}): Promise<GrantRecord[]> {
    const items = await this.scan(this.tableName, GrantTableSchema.grantKeyPrefix, options.limit, options.status);
    return items.map(grantRecordFromItem);
  }

  /** @example `const { records, cursor } = await store.page({ limit: 500 })` */
  async page(options: GrantPageOptions = {}): Promise<GrantPage> {
    const output = await this.send<ScanOutput>('Scan', {
      TableName: this.tableName,
      FilterExpression: 'begins_with(#pk, :prefix) AND attribute_exists(#status)',
      ExpressionAttributeNames: { '#pk': GrantTableSchema.partitionKey, '#status': 'status' },
      ExpressionAttributeValues: { ':prefix': { S: GrantTableSchema.grantKeyPrefix } },
      Limit: options.limit ?? DEFAULT_PAGE_LIMIT,
      ExclusiveStartKey: options.cursor === undefined ? undefined : decodeCursor(options.cursor),
      ConsistentRead: this.consistentRead,
    });
    const records = (output.Items ?? []).map(grantRecordFromItem);
    return output.LastEvaluatedKey === undefined ? { records } : { records, cursor: encodeCursor(output.LastEvaluatedKey) };
  }

  /** @example `await store.getCredential(record.credentialId)` */
  async getCredential(credentialId: string): Promise<CredentialRecord | undefined> {
    const item = await this.getItem(this.credentialsTableName, credentialItemKey(credentialId));
    return isCredentialRecordItem(item) ? credentialRecordFromItem(item) : undefined;
  }

  /** @example `await store.lockCredential(credentialId, { owner: 'req-1', expiresAtMs }, Date.now())` */
  async lockCredential(credentialId: string, lock: GrantLock, nowMs: number): Promise<CredentialLockResult> {
    const key = credentialItemKey(credentialId);
    const result = await this.conditionalUpdate(this.credentialsTableName, key, credentialLockExpressions(lock, nowMs));
    if (result.applied) {
      return isCredentialRecordItem(result.item) ? { locked: true, record: credentialRecordFromItem(result.item) } : { locked: true };
    }
    const expires = result.item?.lockExpiresAtMs?.N;
    return expires === undefined ? { locked: false } : { locked: false, lockExpiresAtMs: Number(expires) };
  }

  /** @example `await store.writeCredential(id, { lockOwner: 'req-1', set, resetCount: 'increment', appendHistory })` */
  async writeCredential(credentialId: string, write: CredentialWrite): Promise<CredentialWriteResult> {
    const key = credentialItemKey(credentialId);
    const result = await this.conditionalUpdate(this.credentialsTableName, key, credentialUpdateExpressions(credentialId, write));
    return result.applied ? { applied: true, record: credentialRecordFromItem(result.item) } : { applied: false };
  }

  /** @example `await store.releaseCredential(credentialId, { owner: 'req-1', forget: false })` */
  async releaseCredential(credentialId: string, release: CredentialRelease): Promise<boolean> {
    const parts = credentialUnlockExpressions(release.owner, { onlyWithoutRecord: release.forget });
    return (await this.conditionalUpdate(this.credentialsTableName, credentialItemKey(credentialId), parts)).applied;
  }

  /** @example `await store.listCredentials({ limit: 20 })` */
  async listCredentials(options: CredentialListOptions = {}): Promise<CredentialRecord[]> {
    const items = await this.scan(this.credentialsTableName, GrantTableSchema.credentialKeyPrefix, options.limit);
    return items.map(credentialRecordFromItem);
  }

  /** The transport is opened on the first call: constructing the store loads nothing. */
  private async send<T>(operation: DynamoDbOperation, input: Record<string, unknown>): Promise<T> {
    this.transport ??= openTransport(this.options);
    return (await (await this.transport).send(operation, input)) as T;
  }

  private async conditionalUpdate(
    tableName: string,
    key: Record<string, JsonAttributeValue>,
    parts: UpdateExpressionParts,
  ): Promise<ConditionalUpdate> {
    try {
      const output = await this.send<{ Attributes?: Item }>('UpdateItem', {
        TableName: tableName,
        Key: key,
        UpdateExpression: parts.UpdateExpression,
        ConditionExpression: parts.ConditionExpression,
        ExpressionAttributeNames: parts.ExpressionAttributeNames,
        ExpressionAttributeValues: parts.ExpressionAttributeValues,
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      });
      return { applied: true, item: output.Attributes ?? {} };
    } catch (err) {
      if (!isConditionalCheckFailure(err)) throw err;
      return err.Item === undefined ? { applied: false } : { applied: false, item: err.Item };
    }
  }

  private async conditionalPut(tableName: string, item: Record<string, JsonAttributeValue>, condition: ConditionParts): Promise<ConditionalUpdate> {
    try {
      await this.send('PutItem', {
        TableName: tableName,
        Item: item,
        ConditionExpression: condition.ConditionExpression,
        ExpressionAttributeNames: condition.ExpressionAttributeNames,
        ...(Object.keys(condition.ExpressionAttributeValues).length > 0 ? { ExpressionAttributeValues: condition.ExpressionAttributeValues } : {}),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      });
      return { applied: true, item };
    } catch (err) {
      if (!isConditionalCheckFailure(err)) throw err;
      return err.Item === undefined ? { applied: false } : { applied: false, item: err.Item };
    }
  }

  private async getItem(tableName: string, key: Record<string, JsonAttributeValue>): Promise<Item | undefined> {
    const output = await this.send<{ Item?: Item }>('GetItem', { TableName: tableName, Key: key, ConsistentRead: this.consistentRead });
    return output.Item;
  }

  /** Key prefix: a table may hold both kinds of record. */
  private async scan(tableName: string, prefix: string, limit = DEFAULT_LIST_LIMIT, status?: string): Promise<Item[]> {
    const values: Record<string, JsonAttributeValue> = { ':prefix': { S: prefix } };
    // An item without a status holds only a credential lock (a first event in flight).
    const names: Record<string, string> = { '#pk': GrantTableSchema.partitionKey, '#status': 'status' };
    let filter = 'begins_with(#pk, :prefix) AND attribute_exists(#status)';
    if (status !== undefined) {
      values[':status'] = { S: status };
      filter = 'begins_with(#pk, :prefix) AND #status = :status';
    }
    const found: Item[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.send<ScanOutput>('Scan', {
        TableName: tableName,
        FilterExpression: filter,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ExclusiveStartKey: startKey,
        ConsistentRead: this.consistentRead,
      });
      found.push(...(page.Items ?? []).slice(0, limit - found.length));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined && found.length < limit);
    return found;
  }
}
