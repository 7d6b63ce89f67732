import type { AttributeValue, DynamoDBClient, DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type {
  CredentialListOptions,
  CredentialLockResult,
  CredentialRelease,
  CredentialWrite,
  CredentialWriteResult,
} from '../credential-store';
import type { GrantLock } from '../grant-lock';
import {
  DEFAULT_LIST_LIMIT,
  DEFAULT_PAGE_LIMIT,
  type GrantListOptions,
  type GrantPage,
  type GrantPageOptions,
  type GrantPutExpectation,
  type GrantRevokeLock,
  type GrantStore,
  type GrantWriteResult,
} from '../grant-store';
import type { CredentialRecord } from '../types/credential-record';
import type { GrantRecord, GrantTransition } from '../types/grant-record';
import type { AttributeValueLike, JsonAttributeValue } from './attribute-value';
import { GrantTableSchema } from './constants';
import {
  credentialItemKey,
  credentialRecordFromItem,
  grantItem,
  grantItemKey,
  grantRecordFromItem,
} from './record-items';
import {
  credentialLockExpressions,
  credentialUnlockExpressions,
  credentialUpdateExpressions,
  grantPutCondition,
  lockGrantedExpressions,
  type ConditionParts,
  type UpdateExpressionParts,
} from './update-expressions';

type DynamoDbModule = typeof import('@aws-sdk/client-dynamodb');
type Item = Record<string, AttributeValueLike>;
/** A conditional UpdateItem's outcome: the item after it, or (refused) the item as it is, when the server returned it. */
type ConditionalUpdate = { applied: true; item: Item } | { applied: false; item?: Item };

/** An item of the credentials table holds a record once an event was recorded (before, it holds only a lock). */
function isCredentialRecordItem(item: Item | undefined): item is Item {
  return item?.status !== undefined;
}

/**
 * Options of {@link DynamoDbGrantStore}.
 *
 * @example
 * ```ts
 * new DynamoDbGrantStore({ tableName: 'apono-grants', clientConfig: { region: 'eu-west-1' } });
 * ```
 */
export interface DynamoDbGrantStoreOptions {
  /** The table of grant records (schema: {@link GrantTableSchema}). */
  tableName: string;
  /** Where credential records go; default: `tableName`. Same key schema. */
  credentialsTableName?: string;
  /** A client to use (its middleware, region, endpoint…). Default: one built on first use from `clientConfig`. */
  client?: DynamoDBClient;
  /** Configuration of the client built on first use (ignored when `client` is given). */
  clientConfig?: DynamoDBClientConfig;
  /** Strongly consistent reads for `get`, `list` and the conflict fallback. Default true. */
  consistentRead?: boolean;
}

/** A page's end (DynamoDB's LastEvaluatedKey) as an opaque string. */
function encodeCursor(key: Record<string, AttributeValue>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): Record<string, AttributeValue> {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof key === 'object' && key !== null && !Array.isArray(key)) return key as Record<string, AttributeValue>;
  } catch {
    // fall through
  }
  throw new TypeError('DynamoDbGrantStore.page: invalid cursor');
}

/** The SDK's values, from this module's own AttributeValue shapes (structurally the same). */
function sdkValues(values: Record<string, JsonAttributeValue>): Record<string, AttributeValue> {
  return values as Record<string, AttributeValue>;
}

/** A refused condition, as the SDK throws it (with the item when the server honoured ALL_OLD). */
function isConditionalCheckFailure(err: unknown): err is { name: string; Item?: Item } {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'ConditionalCheckFailedException';
}

/**
 * A durable {@link GrantStore} on DynamoDB (schema: {@link GrantTableSchema}).
 * Every transition is one conditional `UpdateItem` (UpdateItem, not PutItem, so
 * `data` and `history` survive) returning `ALL_NEW`, with
 * `ReturnValuesOnConditionCheckFailure: ALL_OLD` so a conflict returns the current
 * record without a read. Credential events are two of them (take the lock; record
 * the event and release it; or, after a failed method, release it).
 *
 * Least privilege: at run time it sends only `GetItem` and `UpdateItem`, and `Scan`
 * only to list (`GrantTableIamActions`). A first credential event whose method
 * failed releases its lock with an `UpdateItem` too, leaving an item that holds
 * only its key: reads and lists skip it, and the next event on those credentials
 * reuses it.
 *
 * Cheap to construct: `@aws-sdk/client-dynamodb` (100–200 ms of cold start) is
 * loaded, and the client built, on the first call, so `get-status` and
 * `list-resources` never pay for it.
 *
 * DynamoDB-compatible servers that ignore `ReturnValuesOnConditionCheckFailure`
 * (dynalite, some emulators) still work: when a "create if absent" write fails
 * without the item, the store reads it (consistently). Real DynamoDB never takes
 * that path.
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
  private sdk?: Promise<{ module: DynamoDbModule; client: DynamoDBClient }>;

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

  /**
   * A refused write's answer: the item returned with the refusal. A server that
   * ignores ALL_OLD (some emulators) returns none: one consistent read then
   * tells what is there. Real DynamoDB never takes that path.
   */
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
    const { module, client } = await this.loadSdk();
    const output = await client.send(
      new module.ScanCommand({
        TableName: this.tableName,
        // Every record has a status; an item without one holds only a credential lock.
        FilterExpression: 'begins_with(#pk, :prefix) AND attribute_exists(#status)',
        ExpressionAttributeNames: { '#pk': GrantTableSchema.partitionKey, '#status': 'status' },
        ExpressionAttributeValues: sdkValues({ ':prefix': { S: GrantTableSchema.grantKeyPrefix } }),
        Limit: options.limit ?? DEFAULT_PAGE_LIMIT,
        ExclusiveStartKey: options.cursor === undefined ? undefined : decodeCursor(options.cursor),
        ConsistentRead: this.consistentRead,
      }),
    );
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

  private loadSdk(): Promise<{ module: DynamoDbModule; client: DynamoDBClient }> {
    this.sdk ??= import('@aws-sdk/client-dynamodb').then((module) => ({
      module,
      client: this.options.client ?? new module.DynamoDBClient(this.options.clientConfig ?? {}),
    }));
    return this.sdk;
  }

  /** One conditional UpdateItem returning the item after it, or the item that refused it (no extra read). */
  private async conditionalUpdate(
    tableName: string,
    key: Record<string, JsonAttributeValue>,
    parts: UpdateExpressionParts,
  ): Promise<ConditionalUpdate> {
    const { module, client } = await this.loadSdk();
    try {
      const output = await client.send(
        new module.UpdateItemCommand({
          TableName: tableName,
          Key: sdkValues(key),
          UpdateExpression: parts.UpdateExpression,
          ConditionExpression: parts.ConditionExpression,
          ExpressionAttributeNames: parts.ExpressionAttributeNames,
          ExpressionAttributeValues: sdkValues(parts.ExpressionAttributeValues),
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { applied: true, item: output.Attributes ?? {} };
    } catch (err) {
      if (!isConditionalCheckFailure(err)) throw err;
      return err.Item === undefined ? { applied: false } : { applied: false, item: err.Item };
    }
  }

  /** One conditional PutItem; refused, the item as it is (no extra read). */
  private async conditionalPut(tableName: string, item: Record<string, JsonAttributeValue>, condition: ConditionParts): Promise<ConditionalUpdate> {
    const { module, client } = await this.loadSdk();
    try {
      await client.send(
        new module.PutItemCommand({
          TableName: tableName,
          Item: sdkValues(item),
          ConditionExpression: condition.ConditionExpression,
          ExpressionAttributeNames: condition.ExpressionAttributeNames,
          ...(Object.keys(condition.ExpressionAttributeValues).length > 0 ? { ExpressionAttributeValues: sdkValues(condition.ExpressionAttributeValues) } : {}),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { applied: true, item };
    } catch (err) {
      if (!isConditionalCheckFailure(err)) throw err;
      return err.Item === undefined ? { applied: false } : { applied: false, item: err.Item };
    }
  }

  private async getItem(tableName: string, key: Record<string, JsonAttributeValue>): Promise<Item | undefined> {
    const { module, client } = await this.loadSdk();
    const output = await client.send(
      new module.GetItemCommand({ TableName: tableName, Key: sdkValues(key), ConsistentRead: this.consistentRead }),
    );
    return output.Item;
  }

  /** Items whose key starts with `prefix` (a table may hold both kinds of record). */
  private async scan(tableName: string, prefix: string, limit = DEFAULT_LIST_LIMIT, status?: string): Promise<Item[]> {
    const { module, client } = await this.loadSdk();
    const values: Record<string, JsonAttributeValue> = { ':prefix': { S: prefix } };
    // Every record has a status; an item without one holds only a credential lock (a first event in flight).
    const names: Record<string, string> = { '#pk': GrantTableSchema.partitionKey, '#status': 'status' };
    let filter = 'begins_with(#pk, :prefix) AND attribute_exists(#status)';
    if (status !== undefined) {
      values[':status'] = { S: status };
      filter = 'begins_with(#pk, :prefix) AND #status = :status';
    }
    const found: Item[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(
        new module.ScanCommand({
          TableName: tableName,
          FilterExpression: filter,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: sdkValues(values),
          ExclusiveStartKey: startKey,
          ConsistentRead: this.consistentRead,
        }),
      );
      found.push(...(page.Items ?? []).slice(0, limit - found.length));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined && found.length < limit);
    return found;
  }
}
