import { InvalidAnswerError } from '../errors';
import { RecordLimits } from './constants';
import { messageOf, toJsonData } from './grant-decisions';
import type { MethodRunOptions } from './method-run';
import { jsonBytes } from './record-bounds';
import type { GrantRecord } from './types/grant-record';

/*
 * What a `@Grant` method's result becomes in its record, and how a grant that
 * cannot stand is taken back.
 */

/**
 * `data` as plain JSON within its budget, or why it cannot be kept.
 *
 * @example
 * ```ts
 * keepableData('g-1', { membershipIds: ['m-1'] }); // { data: { membershipIds: ['m-1'] } }
 * ```
 */
export function keepableData(grantId: string, data: unknown): { data: Record<string, unknown> | undefined } | { refused: InvalidAnswerError } {
  let json: Record<string, unknown> | undefined;
  try {
    json = toJsonData(data);
  } catch (cause) {
    return { refused: new InvalidAnswerError(
      `the @Grant method for grant_id ${grantId} returned data that cannot be kept as JSON (${messageOf(cause)}); ` +
        'return plain JSON (ids, strings, numbers) in { data }. The grant was undone through @Revoke.', { cause }) };
  }
  const bytes = json === undefined ? 0 : jsonBytes(json);
  if (bytes > RecordLimits.maxDataBytes) {
    return { refused: new InvalidAnswerError(
      `the @Grant method for grant_id ${grantId} returned ${bytes} bytes of data, over the ${RecordLimits.maxDataBytes} ` +
        'a grant record keeps (RecordLimits.maxDataBytes); return only the ids the revoke needs. The grant was undone through @Revoke.') };
  }
  return { data: json };
}

/** Runs the undo (`@Revoke` with the record); its error, or undefined when it succeeded. */
export async function runUndo(options: MethodRunOptions, record: GrantRecord): Promise<unknown> {
  if (options.undo === undefined) return new Error('no @Revoke to undo it with');
  try {
    await options.undo(record);
    return undefined;
  } catch (err) {
    return err ?? new Error('the undo failed');
  }
}
