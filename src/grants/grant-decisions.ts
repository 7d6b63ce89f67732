import type { GrantLock } from './grant-store';
import { grantMachineRow } from './grant-machine';
import type { CredentialAction, CredentialKey, GrantRecord, GrantStatus, GrantTransition } from './records';
import { CredentialsInProgressError, GrantConflictError, GrantInProgressError, GrantRevokedError } from '../errors';

/** What a grant-access does with the record it found. */
export type GrantDecision = 'revoked' | 'conflict' | 'in-progress' | 'replay' | 'relock';
/** What a revoke-access does with the record it found. */
export type RevokeDecision = 'replay' | 'in-progress' | 'lock' | 'take-over';

/** The decision of GrantMachine's grant-access row for `record`. @example decideGrant(record, hashGrantPayload(intent), Date.now()); // 'replay' for a GRANTED record of the same payload */
export function decideGrant(record: GrantRecord, payloadHash: string, nowMs: number): GrantDecision {
  return grantMachineRow('grant-access', record, payloadHash, nowMs).decision;
}

/** The decision of GrantMachine's revoke-access row for `record`. @example decideRevoke(record, Date.now()); // 'take-over' for a GRANTING record whose lock expired */
export function decideRevoke(record: GrantRecord, nowMs: number): RevokeDecision {
  // Any hash will do: no revoke row reads the payload.
  return grantMachineRow('revoke-access', record, record.payloadHash, nowMs).decision;
}

/**
 * True when a refused lock write found our own lock: the SDK resent a write that had applied. See docs/grant-ledger.md#resent-writes.
 * @example if (!locked.applied && locked.current && heldByOwnLock(locked.current, lock, 'GRANTING')) return run(locked.current);
 */
export function heldByOwnLock(record: GrantRecord, lock: GrantLock, status: GrantStatus): boolean {
  return record.status === status && record.lockOwner === lock.owner;
}

/**
 * True when a refused settling write finds itself already applied (a resend). See docs/grant-ledger.md#resent-writes.
 * @example if (!finished.applied && finished.current && settledByOwnWrite(finished.current, entry)) return finished.current;
 */
export function settledByOwnWrite(record: GrantRecord, settled: GrantTransition): boolean {
  const last = record.history[record.history.length - 1];
  return (
    record.lockOwner === undefined &&
    record.status === settled.to &&
    last !== undefined &&
    last.to === settled.to &&
    last.by === settled.by &&
    last.atMs === settled.atMs
  );
}

/** The status a record held by our own lock had before it; undefined when our lock created the record. @example statusBeforeOwnLock(record); // 'GRANTED' after GRANTED → REVOKING */
export function statusBeforeOwnLock(record: GrantRecord): GrantStatus | undefined {
  return record.history[record.history.length - 1]?.from;
}

/** False for a tombstone, which never tracked a grant: `@Revoke` then gets no record. @example await run(tracksGrant(locked) ? locked : undefined); */
export function tracksGrant(record: GrantRecord): boolean {
  return record.tombstone !== true;
}

/** An error's message, or the thrown value as text. @example messageOf(new Error('portal down')); // 'portal down' */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** `data` as plain JSON, so that every store keeps exactly the same thing. @example toJsonData({ at: new Date(0) }); // { at: '1970-01-01T00:00:00.000Z' } */
export function toJsonData(data: unknown): Record<string, unknown> | undefined {
  if (data === undefined) return undefined;
  const json: unknown = JSON.parse(JSON.stringify(data) ?? 'null');
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new TypeError('data must be a JSON object');
  }
  return json as Record<string, unknown>;
}

// Refusals, worded for an operator: what happened and what to do. They name ids and statuses
// only; custom parameters and secrets never reach the ledgers.

function isoTime(ms: number | undefined): string {
  return ms === undefined ? 'unknown time' : new Date(ms).toISOString();
}

/** A grant_id reused for a different payload. */
export function grantConflict(record: GrantRecord): GrantConflictError {
  return new GrantConflictError(
    `grant_id ${record.grantId} is already tracked (status ${record.status}) for a different username, ` +
      'resource type, resources or permission, so this grant-access was not applied. One grant_id names one grant: ' +
      'check Apono for a duplicated grant_id; to replace the recorded grant, revoke it and request access again.',
  );
}

/** Another invocation holds the lock. */
export function grantInProgress(record: GrantRecord, event: 'grant-access' | 'revoke-access'): GrantInProgressError {
  const action = record.status === 'REVOKING' ? 'a revoke' : 'a grant';
  return new GrantInProgressError(
    `grant_id ${record.grantId} is locked by another invocation running ${action} (status ${record.status}, ` +
      `lock expires at ${isoTime(record.lockExpiresAtMs)}), so this ${event} did nothing. ` +
      'Retry it later: once that invocation finishes or its lock expires, the retry proceeds.',
  );
}

/** Too many concurrent writers for the ledger to settle on a state. */
export function grantContended(grantId: string, event: 'grant-access' | 'revoke-access'): GrantInProgressError {
  return new GrantInProgressError(
    `grant_id ${grantId} changed under this ${event} on every attempt (concurrent invocations), so it did nothing. ` +
      'Retry it later.',
  );
}

/** A grant-access for a grant_id that is being or was revoked. */
export function grantRevoked(record: GrantRecord): GrantRevokedError {
  const what =
    record.status === 'REVOKED'
      ? `was revoked at ${isoTime(record.updatedAtMs)}`
      : `is being revoked (status ${record.status}: a revoke-access started and has not finished)`;
  return new GrantRevokedError(
    `grant_id ${record.grantId} ${what}, so this grant-access was refused: ` +
      'a late or retried grant must never bring revoked access back. Nothing was granted. ' +
      'If the user still needs access, request it again in Apono (a new request gets a new grant_id).',
  );
}

function credentials(key: CredentialKey): string {
  return `username ${key.username} and resource type ${key.resourceType}`;
}

/** Another invocation holds the lock of the same credentials. */
export function credentialsInProgress(
  action: CredentialAction,
  key: CredentialKey,
  lockExpiresAtMs: number | undefined,
): CredentialsInProgressError {
  const expiry = lockExpiresAtMs === undefined ? '' : ` (its lock expires at ${isoTime(lockExpiresAtMs)})`;
  return new CredentialsInProgressError(
    `another invocation is running a credentials event for ${credentials(key)} on the same resources${expiry}, ` +
      `so this ${action}-credentials did nothing: the credentials were not changed. ` +
      'Retry it later: once that invocation finishes or its lock expires, the retry proceeds.',
  );
}

/** The method outlived its lock and another invocation took the same credentials over. */
export function credentialsLockLost(action: CredentialAction, key: CredentialKey): CredentialsInProgressError {
  return new CredentialsInProgressError(
    `this ${action}-credentials ran its credentials event for ${credentials(key)}, but outlived its lock: another ` +
      'invocation took the same credentials over before the result was recorded. Its result was withheld (credentials ' +
      'it issued may already be replaced) and not recorded. Retry it.',
  );
}

/** What an unreleased credentials lock does until it expires (see `LockNotReleasedError`). */
export function credentialsLockKept(action: CredentialAction, key: CredentialKey, lockExpiresAtMs: number): string {
  return (
    `the credentials of ${credentials(key)} stay locked until ${isoTime(lockExpiresAtMs)}, and every credentials event ` +
    `for them (this ${action}-credentials retried included) gets CredentialsInProgressError until then.`
  );
}

/** What an unreleased grant lock does until it expires (see `LockNotReleasedError`). */
export function grantLockKept(grantId: string, event: 'grant-access' | 'revoke-access', lockExpiresAtMs: number): string {
  return (
    `grant_id ${grantId} stays locked until ${isoTime(lockExpiresAtMs)}, and every grant-access and revoke-access ` +
    `for it (this ${event} retried included) gets GrantInProgressError until then.`
  );
}
