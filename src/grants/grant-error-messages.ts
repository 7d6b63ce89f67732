import { GrantConflictError, GrantInProgressError, GrantRevokedError } from '../errors';
import type { GrantRecord } from './types/grant-record';

/*
 * The ledger's refusals, worded for the operator who reads them in Apono or in
 * CloudWatch: what happened, and what to do. They name the grant_id and statuses
 * only; custom parameters never reach the ledger, so no secret can leak here.
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
