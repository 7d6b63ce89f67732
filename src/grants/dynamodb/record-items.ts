import type { CredentialRecord } from '../types/credential-record';
import type { GrantRecord } from '../types/grant-record';
import { fromAttributeMap, toAttributeMap, type AttributeValueLike, type JsonAttributeValue } from './attribute-value';
import { GrantTableSchema } from './constants';

/**
 * The key of a grant record's item.
 *
 * @example
 * ```ts
 * grantItemKey('g-1'); // { pk: { S: 'GRANT#g-1' } }
 * ```
 */
export function grantItemKey(grantId: string): Record<string, JsonAttributeValue> {
  return { [GrantTableSchema.partitionKey]: { S: `${GrantTableSchema.grantKeyPrefix}${grantId}` } };
}

/**
 * The whole item of a grant record: its fields and its key.
 *
 * @example
 * ```ts
 * await client.send(new PutItemCommand({ TableName, Item: grantItem(record) }));
 * ```
 */
export function grantItem(record: GrantRecord): Record<string, JsonAttributeValue> {
  return { ...toAttributeMap(record as unknown as Record<string, unknown>), ...grantItemKey(record.grantId) };
}

/**
 * The key of a credential record's item.
 *
 * @example
 * ```ts
 * credentialItemKey(credentialIdFor(key)); // { pk: { S: 'CRED#…' } }
 * ```
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
 * The grant record stored in an item (the items are written only by this store).
 *
 * @example
 * ```ts
 * const record = grantRecordFromItem(output.Attributes);
 * ```
 */
export function grantRecordFromItem(item: Record<string, AttributeValueLike>): GrantRecord {
  return withoutKey(item) as unknown as GrantRecord;
}

/**
 * The credential record stored in an item.
 *
 * @example
 * ```ts
 * const record = credentialRecordFromItem(output.Item);
 * ```
 */
export function credentialRecordFromItem(item: Record<string, AttributeValueLike>): CredentialRecord {
  return withoutKey(item) as unknown as CredentialRecord;
}
