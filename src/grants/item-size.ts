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
