import { CredentialsInProgressError, GrantConflictError, GrantInProgressError, GrantRevokedError } from '../errors';
import type { CredentialAction, CredentialKey } from './types/credential-record';
import type { GrantRecord } from './types/grant-record';

/*
 * The ledgers' refusals, worded for the operator who reads them in Apono or in
 * CloudWatch: what happened, and what to do. They name the grant_id and statuses,
 * or the username and resource type of credentials, only: custom parameters and
 * secrets never reach the ledgers, so none can leak here.
 */

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

/** What a failed method's lock that could not be released does until it expires (see `LockNotReleasedError`). */
export function credentialsLockKept(action: CredentialAction, key: CredentialKey, lockExpiresAtMs: number): string {
  return (
    `the credentials of ${credentials(key)} stay locked until ${isoTime(lockExpiresAtMs)}, and every credentials event ` +
    `for them (this ${action}-credentials retried included) gets CredentialsInProgressError until then.`
  );
}

/** What a failed grant or revoke method's lock that could not be released does until it expires (see `LockNotReleasedError`). */
export function grantLockKept(grantId: string, event: 'grant-access' | 'revoke-access', lockExpiresAtMs: number): string {
  return (
    `grant_id ${grantId} stays locked until ${isoTime(lockExpiresAtMs)}, and every grant-access and revoke-access ` +
    `for it (this ${event} retried included) gets GrantInProgressError until then.`
  );
}
