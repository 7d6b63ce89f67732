import { RecordLimits } from './constants';

/*
 * How many bytes DynamoDB counts for an item, computed from the plain object the
 * store writes (converted as `toAttributeMap` does), so that records can be kept
 * under the item limit before a write is sent rather than after it is refused.
 *
 * The result is an upper bound: wherever DynamoDB's documented rule is only
 * approximate (numbers), the larger value is taken. A bound that under-counts
 * would let a record grow until a write fails, and a record that cannot be
 * written can never reach REVOKED.
 */

/**
 * DynamoDB's maximum item size, 400 KB: attribute names and values together.
 *
 * @example
 * ```ts
 * if (dynamoItemBytes(item) > DYNAMODB_ITEM_LIMIT_BYTES) throw new RangeError('record too large');
 * ```
 */
export const DYNAMODB_ITEM_LIMIT_BYTES = 400 * 1024;

/**
 * The exact number of UTF-8 bytes of `s` (what DynamoDB counts for a string or an
 * attribute name). A lone surrogate counts 3 bytes, as it is sent as U+FFFD.
 *
 * Callers comparing against a budget may skip the count when `s.length * 3 <= budget`:
 * a UTF-16 unit never takes more than 3 bytes.
 *
 * @example
 * ```ts
 * utf8Bytes('GRANTED'); // 7
 * utf8Bytes('€'); // 3
 * ```
 */
export function utf8Bytes(s: string): number {
  // byteLength counts without allocating an encoded copy of the string.
  return Buffer.byteLength(s, 'utf8');
}

/**
 * Bytes of a number, as `toAttributeValue` sends it (`String(n)`). DynamoDB stores
 * the significant digits two per byte plus an exponent byte, and documents that
 * only as "approximately"; the byte that digit alignment may add and the byte of a
 * negative sign are always counted here, so the result never falls short.
 * A JavaScript number has at most 17 significant digits: at most 12 bytes.
 */
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
 * The size DynamoDB counts for `item` once converted as `toAttributeMap` does
 * (strings S, numbers N, booleans BOOL, null NULL, arrays L, objects M; undefined
 * fields skipped): for each attribute, its name's UTF-8 bytes plus its value's
 * size. Include the key attribute: it counts toward the limit like any other.
 * Never less than DynamoDB's count; equal to it for items without numbers.
 * Throws a TypeError for what `toAttributeMap` refuses (non-finite numbers,
 * functions, symbols, bigints).
 *
 * @example
 * ```ts
 * dynamoItemBytes({ pk: 'GRANT#g-1', status: 'GRANTED' }); // 2 + 9 + 6 + 7 = 24
 * dynamoItemBytes({ history: [{ to: 'GRANTED' }] }); // 7 + 3 + 1 + (3 + 1 + 2 + 7) = 24
 * ```
 */
export function dynamoItemBytes(item: Record<string, unknown>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value !== undefined) bytes += utf8Bytes(name) + valueBytes(value);
  }
  return bytes;
}

/*
 * The one place where what a record keeps is bounded (see RecordLimits): every
 * error message the ledgers store goes through boundErrorMessage, every history
 * they rewrite through boundedHistory.
 */

const utf8 = new TextEncoder();

/**
 * `message`, cut to at most {@link RecordLimits.maxErrorMessageBytes} UTF-8 bytes
 * with a marker that says how long it was. Never splits a character.
 *
 * @example
 * ```ts
 * boundErrorMessage('portal said 500'); // unchanged
 * boundErrorMessage('x'.repeat(8192)); // 'xxx…xxx… [truncated from 8192 bytes]', 1024 bytes in all
 * ```
 */
export function boundErrorMessage(message: string): string {
  const max = RecordLimits.maxErrorMessageBytes;
  // Why the length check first: UTF-8 takes at most 3 bytes per UTF-16 unit, so short messages skip the count.
  if (message.length * 3 <= max) return message;
  const bytes = Buffer.byteLength(message, 'utf8');
  if (bytes <= max) return message;
  const marker = `… [truncated from ${bytes} bytes]`;
  // encodeInto writes whole characters only, so `read` never ends inside a surrogate pair.
  const { read } = utf8.encodeInto(message, new Uint8Array(max - Buffer.byteLength(marker, 'utf8')));
  return message.slice(0, read) + marker;
}

/**
 * The entries of `history` to keep before appending one more, so that the result
 * holds at most {@link RecordLimits.maxHistoryEntries}: the first entry and the
 * most recent ones.
 *
 * Why keep the first: it is the record's creation, which tells a grant (created
 * GRANTING) from a revoke's tombstone (created REVOKING). The grant ledger hands
 * `@Revoke` the record, with its `data`, only for the former, so dropping it after
 * many failed revokes would make a later revoke run without the grant's data.
 *
 * @example
 * ```ts
 * const write: GrantWrite = { when, set, keptHistory: boundedHistory(locked.history), appendHistory: entry };
 * ```
 */
export function boundedHistory<T>(history: readonly T[]): T[] {
  const keep = RecordLimits.maxHistoryEntries - 1;
  if (history.length <= keep) return [...history];
  return [...history.slice(0, 1), ...history.slice(history.length - (keep - 1))];
}

/**
 * UTF-8 bytes of `value` as JSON (what a record field costs, near enough and never less).
 *
 * @example
 * ```ts
 * jsonBytes({ id: 'm-1' }); // 12
 * ```
 */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

/**
 * The bytes of the fields of a grant that its record keeps (username, resource
 * type, resources, permission), to check against {@link RecordLimits.maxPayloadBytes}.
 *
 * @example
 * ```ts
 * if (payloadBytes(intent) > RecordLimits.maxPayloadBytes) throw new InvalidEventError('…');
 * ```
 */
export function payloadBytes(intent: { username: string; resourceType: string; resources: readonly string[]; permission: string }): number {
  return jsonBytes([intent.username, intent.resourceType, intent.resources, intent.permission]);
}
