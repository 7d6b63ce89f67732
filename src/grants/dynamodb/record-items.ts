/** Grant table items and keys; JSON ↔ AttributeValue written here, without `@aws-sdk/util-dynamodb`. See docs/dynamodb-store.md#item-layout. */
import type { CredentialRecord, GrantRecord } from '../records';
import { GrantTableSchema } from './grant-table';

/** Plain assignment of a `__proto__` key would change the prototype. */
function setOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The AttributeValue shapes this module writes. */
export type JsonAttributeValue =
  | { S: string }
  | { N: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { L: JsonAttributeValue[] }
  | { M: Record<string, JsonAttributeValue> };

/** What a DynamoDB response may hold (the SDK's AttributeValue, loosely). */
export interface AttributeValueLike {
  S?: string;
  N?: string;
  BOOL?: boolean;
  NULL?: boolean;
  L?: AttributeValueLike[];
  M?: Record<string, AttributeValueLike>;
  SS?: string[];
  NS?: string[];
}

/**
 * The AttributeValue of a JSON value; a non-finite number or a non-JSON value is a TypeError.
 * @example toAttributeValue({ ids: ['m-1'], n: 2 }); // { M: { ids: { L: [{ S: 'm-1' }] }, n: { N: '2' } } }
 */
export function toAttributeValue(value: unknown): JsonAttributeValue {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('cannot store a non-finite number in DynamoDB');
    return { N: String(value) };
  }
  if (typeof value === 'boolean') return { BOOL: value };
  if (value === null) return { NULL: true };
  if (Array.isArray(value)) return { L: value.map((v: unknown) => toAttributeValue(v === undefined ? null : v)) };
  if (typeof value === 'object') return { M: toAttributeMap(value as Record<string, unknown>) };
  throw new TypeError(`cannot store a ${typeof value} in DynamoDB`);
}

/**
 * The attribute map of a JSON object (undefined fields skipped).
 * @example toAttributeMap({ status: 'GRANTED', lockOwner: undefined }); // { status: { S: 'GRANTED' } }
 */
export function toAttributeMap(object: Record<string, unknown>): Record<string, JsonAttributeValue> {
  const map: Record<string, JsonAttributeValue> = {};
  for (const [key, value] of Object.entries(object)) {
    if (value !== undefined) setOwn(map, key, toAttributeValue(value));
  }
  return map;
}

/**
 * The JSON value of an AttributeValue (sets become arrays).
 * @example fromAttributeValue({ L: [{ N: '1' }, { S: 'a' }] }); // [1, 'a']
 */
export function fromAttributeValue(value: AttributeValueLike): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.L !== undefined) return value.L.map(fromAttributeValue);
  if (value.M !== undefined) return fromAttributeMap(value.M);
  if (value.SS !== undefined) return [...value.SS];
  if (value.NS !== undefined) return value.NS.map(Number);
  throw new TypeError('unsupported DynamoDB attribute type');
}

/**
 * The JSON object of an attribute map (an item).
 * @example fromAttributeMap({ status: { S: 'GRANTED' } }); // { status: 'GRANTED' }
 */
export function fromAttributeMap(map: Record<string, AttributeValueLike>): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(map)) setOwn(object, key, fromAttributeValue(value));
  return object;
}

/**
 * The key of a grant record's item.
 * @example grantItemKey('g-1'); // { pk: { S: 'GRANT#g-1' } }
 */
export function grantItemKey(grantId: string): Record<string, JsonAttributeValue> {
  return { [GrantTableSchema.partitionKey]: { S: `${GrantTableSchema.grantKeyPrefix}${grantId}` } };
}

/**
 * The whole item of a grant record: its fields and its key.
 * @example await client.send(new PutItemCommand({ TableName, Item: grantItem(record) }));
 */
export function grantItem(record: GrantRecord): Record<string, JsonAttributeValue> {
  return { ...toAttributeMap(record as unknown as Record<string, unknown>), ...grantItemKey(record.grantId) };
}

/**
 * The key of a credential record's item.
 * @example credentialItemKey(credentialIdFor(key)); // { pk: { S: 'CRED#…' } }
 */
export function credentialItemKey(credentialId: string): Record<string, JsonAttributeValue> {
  return { [GrantTableSchema.partitionKey]: { S: `${GrantTableSchema.credentialKeyPrefix}${credentialId}` } };
}

function withoutKey(item: Record<string, AttributeValueLike>): Record<string, unknown> {
  const record = fromAttributeMap(item);
  delete record[GrantTableSchema.partitionKey];
  return record;
}

/**
 * The grant record stored in an item (written by this store, so not validated).
 * @example const record = grantRecordFromItem(output.Attributes);
 */
export function grantRecordFromItem(item: Record<string, AttributeValueLike>): GrantRecord {
  return withoutKey(item) as unknown as GrantRecord;
}

/**
 * The credential record stored in an item.
 * @example const record = credentialRecordFromItem(output.Item);
 */
export function credentialRecordFromItem(item: Record<string, AttributeValueLike>): CredentialRecord {
  return withoutKey(item) as unknown as CredentialRecord;
}
