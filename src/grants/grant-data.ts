import { InvalidAnswerError, InvalidEventError } from '../errors';
import { RecordLimits } from './constants';
import { messageOf, toJsonData } from './grant-decisions';
import type { MethodRunOptions } from './method-run';
import { jsonBytes, payloadBytes } from './record-bounds';
import type { GrantIntent, GrantRecord } from './types/grant-record';

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

/** Refuses a grant_id longer than a record key may be (the request reader checks it first). */
export function assertGrantId(grantId: string): void {
  const bytes = Buffer.byteLength(grantId, 'utf8');
  if (bytes > RecordLimits.maxGrantIdBytes) {
    throw new InvalidEventError(`params.grant_id must be at most ${RecordLimits.maxGrantIdBytes} bytes (UTF-8); it has ${bytes}`);
  }
}

/** Refuses, before anything is written or run, a grant whose payload its record could not keep. */
export function assertTrackable(intent: GrantIntent): void {
  assertGrantId(intent.grantId);
  const bytes = payloadBytes(intent);
  if (bytes > RecordLimits.maxPayloadBytes) {
    throw new InvalidEventError(
      `params: username, resource_type, resources and permission of grant_id ${intent.grantId} take ${bytes} bytes, ` +
        `over the ${RecordLimits.maxPayloadBytes} bytes a grant record can keep (RecordLimits.maxPayloadBytes), ` +
        'so the grant was refused before its method ran: access the ledger cannot track could never be revoked exactly.',
    );
  }
}
