/**
 * JSON ↔ DynamoDB AttributeValue, for the few shapes the records use (strings,
 * numbers, booleans, null, lists, maps). Written here so the store does not pull
 * `@aws-sdk/util-dynamodb` into the bundle.
 */

/** Sets an own property even for a key such as `__proto__` (plain assignment would change the prototype). */
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
 * The AttributeValue of a JSON value. `undefined` map entries are skipped, as in
 * JSON; a non-finite number or a non-JSON value is a TypeError.
 *
 * @example
 * ```ts
 * toAttributeValue({ ids: ['m-1'], n: 2 }); // { M: { ids: { L: [{ S: 'm-1' }] }, n: { N: '2' } } }
 * ```
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
 *
 * @example
 * ```ts
 * toAttributeMap({ status: 'GRANTED', lockOwner: undefined }); // { status: { S: 'GRANTED' } }
 * ```
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
 *
 * @example
 * ```ts
 * fromAttributeValue({ L: [{ N: '1' }, { S: 'a' }] }); // [1, 'a']
 * ```
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
 *
 * @example
 * ```ts
 * fromAttributeMap({ status: { S: 'GRANTED' } }); // { status: 'GRANTED' }
 * ```
 */
export function fromAttributeMap(map: Record<string, AttributeValueLike>): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(map)) setOwn(object, key, fromAttributeValue(value));
  return object;
}
