import { InvalidAnswerError, InvalidEventError, LockNotReleasedError } from '../errors';
import { GrantLedgerDefaults, RecordLimits } from './constants';
import { messageOf, toJsonData } from './grant-decisions';
import type { MethodOutcome, MethodRunOptions } from './method-run';
import { jsonBytes, payloadBytes } from './record-bounds';
import { grantedRecord, type GrantIntent, type GrantRecord, GrantStatus, transitioned } from './records';
import type { GrantLock, GrantWriteResult } from './grant-store';
import type { GrantMethodResult } from './grant-ledger';

/** `data` as plain JSON within its budget, or why it cannot be kept. @example keepableData('g-1', { membershipIds: ['m-1'] }); // { data: { membershipIds: ['m-1'] } } */
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

/** The ledger's writes that settling an abandoned grant uses. */
export interface AbandonedGrantSteps {
  now(): number;
  get(grantId: string): Promise<GrantRecord | undefined>;
  put(next: GrantRecord, current: GrantRecord): Promise<GrantWriteResult>;
  settle(next: GrantRecord, locked: GrantRecord): Promise<unknown>;
  /** GRANTING → FAILED, lock released; a LockNotReleasedError when that failed. */
  release(locked: GrantRecord, lock: GrantLock, err: unknown, note: string): Promise<unknown>;
}

/** A `@Grant` method abandoned at its deadline, now ended. */
export interface AbandonedGrant {
  /** The record as its lock write left it. */
  locked: GrantRecord;
  lock: GrantLock;
  outcome: MethodOutcome<GrantMethodResult | void | undefined>;
  options: MethodRunOptions;
  /** What the invocation answered. */
  deadlineError: Error;
}

/**
 * Settles a `@Grant` method that ended after its invocation answered DeadlineExceededError. See docs/grant-ledger.md#abandoned-methods.
 * @example awaited.late.then((outcome) => settleAbandonedGrant(steps, { locked, lock, outcome, options, deadlineError }));
 */
export async function settleAbandonedGrant(steps: AbandonedGrantSteps, grant: AbandonedGrant): Promise<void> {
  const { locked, lock, outcome, options, deadlineError } = grant;
  const grantId = locked.grantId;
  const logger = options.logger;
  if (!outcome.ok) {
    const released = await steps.release(locked, lock, outcome.error, 'the method failed after its invocation had answered DeadlineExceededError');
    if (released instanceof LockNotReleasedError) logger?.error('releasing an abandoned @Grant failed', { grant_id: grantId, error_message: released.message });
    return;
  }
  const rawData = (outcome.value as GrantMethodResult | undefined)?.data;
  const current = await steps.get(grantId);
  if (current?.status === GrantStatus.GRANTED) {
    await noteOn(steps, current, lock, `the @Grant of ${lock.owner}, abandoned at its deadline, succeeded after a later invocation had granted: the access is what this record says`);
    logger?.warn('a @Grant method that outlived its deadline succeeded after a later invocation had granted the same grant_id; kept as recorded', { grant_id: grantId });
    return;
  }
  // Same version: nobody has written since our lock.
  const ours = current !== undefined && (current.version ?? 0) === (locked.version ?? 0);
  const undoError = await runUndo(options, { ...(current ?? locked), data: rawData as Record<string, unknown> | undefined });
  if (undoError === undefined) {
    const note = `late grant undone: the @Grant of ${lock.owner} succeeded after its invocation had answered DeadlineExceededError, and was undone through @Revoke`;
    if (ours) await steps.release(locked, lock, deadlineError, note);
    else if (current !== undefined) await noteOn(steps, current, lock, note);
    logger?.error('a @Grant method succeeded after its invocation had answered DeadlineExceededError; it was undone through @Revoke', { grant_id: grantId, late_grants_undone: 1, ...options.metricFields?.({ LateGrantsUndone: 1 }) });
    return;
  }
  const kept = keepableData(grantId, rawData);
  const data = 'data' in kept ? kept.data : undefined;
  const note = `late grant NOT undone: the @Grant of ${lock.owner} succeeded after its deadline, and undoing it failed (${messageOf(undoError).slice(0, 200)})`;
  if (ours) {
    // The access is real: the record says so, and Apono's revoke takes it back with the data.
    await steps.settle(grantedRecord(locked, lock, steps.now(), data, note), locked);
  } else if (current !== undefined) {
    await noteOn(steps, current, lock, note, current.data === undefined && current.status !== GrantStatus.GRANTING ? data : undefined);
  }
  logger?.error('a @Grant method succeeded after its deadline and undoing it through @Revoke failed: the access may remain until a revoke or reconcile removes it',
    { grant_id: grantId, error_message: messageOf(undoError) });
}

/** Adds a history entry (status unchanged) to the record as read, retrying on a newer version. */
async function noteOn(steps: AbandonedGrantSteps, record: GrantRecord, lock: GrantLock, note: string, data?: Record<string, unknown>): Promise<void> {
  let current: GrantRecord | undefined = record;
  for (let attempt = 0; current !== undefined && attempt < GrantLedgerDefaults.maxWriteAttempts; attempt++) {
    const nowMs = steps.now();
    const next = transitioned(current, { updatedAtMs: nowMs, ...(data === undefined ? {} : { data }) },
      { from: current.status, to: current.status, atMs: nowMs, by: lock.owner, note });
    const written = await steps.put(next, current);
    if (written.applied) return;
    current = written.current;
  }
}
