import { RecordLimits } from './constants';

/** DynamoDB's maximum item size, 400 KB: attribute names and values together. @example if (dynamoItemBytes(item) > DYNAMODB_ITEM_LIMIT_BYTES) throw new RangeError('record too large'); */
export const DYNAMODB_ITEM_LIMIT_BYTES = 400 * 1024;

/** The UTF-8 bytes of `s`, as DynamoDB counts a string or an attribute name. See docs/grant-ledger.md#item-size. @example utf8Bytes('€'); // 3 */
export function utf8Bytes(s: string): number {
  // byteLength counts without allocating an encoded copy of the string.
  return Buffer.byteLength(s, 'utf8');
}

/** Bytes of a number as `toAttributeValue` sends it, rounded up (docs/grant-ledger.md#item-size). */
function numberBytes(n: number): number {
  if (!Number.isFinite(n)) throw new TypeError('cannot store a non-finite number in DynamoDB');
  const mantissa = String(Math.abs(n)).replace(/e.*$/, '');
  // DynamoDB trims leading and trailing zeros: 1000 and 0.001 both have one significant digit.
  const digits = mantissa.replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length;
  return 2 + Math.ceil(digits / 2) + (n < 0 ? 1 : 0);
}

/** Bytes of a value's AttributeValue, without its attribute name. */
function valueBytes(value: unknown): number {
  if (typeof value === 'string') return utf8Bytes(value);
  if (typeof value === 'number') return numberBytes(value);
  if (typeof value === 'boolean' || value === null) return 1;
  if (Array.isArray(value)) {
    // A list costs 3 bytes, and each element 1 byte more than its value; undefined is stored as NULL.
    let bytes = 3;
    for (const element of value as unknown[]) bytes += 1 + valueBytes(element === undefined ? null : element);
    return bytes;
  }
  if (typeof value === 'object') {
    // A map costs 3 bytes, and each entry 1 byte more than its name and value.
    let bytes = 3;
    for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
      if (entry !== undefined) bytes += 1 + utf8Bytes(key) + valueBytes(entry);
    }
    return bytes;
  }
  throw new TypeError(`cannot store a ${typeof value} in DynamoDB`);
}

/**
 * The size DynamoDB counts for `item` (key included) as `toAttributeMap` converts it: never less, exact without
 * numbers. A TypeError for what `toAttributeMap` refuses. See docs/grant-ledger.md#item-size.
 * @example dynamoItemBytes({ pk: 'GRANT#g-1', status: 'GRANTED' }); // 2 + 9 + 6 + 7 = 24
 */
export function dynamoItemBytes(item: Record<string, unknown>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value !== undefined) bytes += utf8Bytes(name) + valueBytes(value);
  }
  return bytes;
}

const utf8 = new TextEncoder();

/**
 * `message`, cut to {@link RecordLimits.maxErrorMessageBytes} with a marker of its length; never splits a character.
 * @example boundErrorMessage('x'.repeat(8192)); // 'xxx…xxx… [truncated from 8192 bytes]', 1024 bytes in all
 */
export function boundErrorMessage(message: string): string {
  const max = RecordLimits.maxErrorMessageBytes;
  // UTF-8 takes at most 3 bytes per UTF-16 unit, so short messages skip the count.
  if (message.length * 3 <= max) return message;
  const bytes = Buffer.byteLength(message, 'utf8');
  if (bytes <= max) return message;
  const marker = `… [truncated from ${bytes} bytes]`;
  // encodeInto writes whole characters only, so `read` never ends inside a surrogate pair.
  const { read } = utf8.encodeInto(message, new Uint8Array(max - Buffer.byteLength(marker, 'utf8')));
  return message.slice(0, read) + marker;
}

/**
 * The entries of `history` to keep before appending one: the first and the most recent. See docs/grant-ledger.md#record-bounds.
 * @example const history = [...boundedHistory(locked.history), entry]; // at most RecordLimits.maxHistoryEntries
 */
export function boundedHistory<T>(history: readonly T[]): T[] {
  const keep = RecordLimits.maxHistoryEntries - 1;
  if (history.length <= keep) return [...history];
  return [...history.slice(0, 1), ...history.slice(history.length - (keep - 1))];
}

/** UTF-8 bytes of `value` as JSON: what a record field costs in `RecordLimits`. @example jsonBytes({ id: 'm-1' }); // 12 */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

/**
 * The bytes of a grant's payload fields, to check against {@link RecordLimits.maxPayloadBytes}.
 * @example if (payloadBytes(intent) > RecordLimits.maxPayloadBytes) throw new InvalidEventError('…');
 */
export function payloadBytes(intent: { username: string; resourceType: string; resources: readonly string[]; permission: string }): number {
  return jsonBytes([intent.username, intent.resourceType, intent.resources, intent.permission]);
}
