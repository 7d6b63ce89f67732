import { RecordLimits } from './constants';

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
