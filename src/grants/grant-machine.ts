// DESIGN.md's grant state table as data, read by the ledger. See docs/grant-ledger.md#state-machine.
import type { GrantDecision, RevokeDecision } from './grant-decisions';
import { GrantStatus, type GrantRecord } from './records';

/** The two events the machine settles. @example const event: GrantEvent = 'revoke-access'; */
export type GrantEvent = 'grant-access' | 'revoke-access';

/** What a row matches; `'any'` means the ledger does not look at that part of the record. */
interface GrantMachineMatch<E extends GrantEvent> {
  event: E;
  found: GrantStatus | 'none';
  lockLive: boolean | 'any';
  samePayload: boolean | 'any';
}

/** A grant-access row; the types tie each decision to one outcome. */
export type GrantAccessRow = GrantMachineMatch<'grant-access'> & (
  | {
      action: 'run';
      decision: Extract<GrantDecision, 'relock'>;
      lockStatus: typeof GrantStatus.GRANTING;
      afterSuccess: typeof GrantStatus.GRANTED;
      afterFailure: typeof GrantStatus.FAILED;
    }
  | { action: 'replay'; decision: Extract<GrantDecision, 'replay'> }
  | { action: 'refuse'; decision: Extract<GrantDecision, 'conflict'>; error: 'GrantConflictError' }
  | { action: 'refuse'; decision: Extract<GrantDecision, 'in-progress'>; error: 'GrantInProgressError' }
  | { action: 'refuse'; decision: Extract<GrantDecision, 'revoked'>; error: 'GrantRevokedError' }
);

/** A revoke-access row; revokes never look at the payload. */
export type RevokeAccessRow = GrantMachineMatch<'revoke-access'> & { samePayload: 'any' } & (
  | {
      action: 'run';
      decision: Extract<RevokeDecision, 'lock' | 'take-over'>;
      lockStatus: typeof GrantStatus.REVOKING;
      afterSuccess: typeof GrantStatus.REVOKED;
      /** A failed revoke puts the record back in the status it was found in. */
      afterFailure: 'previous';
    }
  | {
      action: 'run';
      found: 'none';
      decision: Extract<RevokeDecision, 'lock'>;
      tombstone: true;
      lockStatus: typeof GrantStatus.REVOKING;
      afterSuccess: typeof GrantStatus.REVOKED;
      /** No earlier status: the tombstone stays, unlocked, so grants stay refused. */
      afterFailure: typeof GrantStatus.REVOKING;
    }
  | { action: 'replay'; decision: Extract<RevokeDecision, 'replay'> }
  | { action: 'refuse'; decision: Extract<RevokeDecision, 'in-progress'>; error: 'GrantInProgressError' }
);

/** One row of {@link GrantMachine}. @example if (row.action === 'refuse') console.log(row.error); */
export type GrantMachineRow = GrantAccessRow | RevokeAccessRow;

/** DESIGN.md's table as data, in its order; exactly one row matches any key (a test checks it). @example for (const row of GrantMachine) console.log(row.event, row.found, row.action); */
export const GrantMachine = [
  { event: 'grant-access', found: 'none', lockLive: 'any', samePayload: 'any', action: 'run', decision: 'relock', lockStatus: GrantStatus.GRANTING, afterSuccess: GrantStatus.GRANTED, afterFailure: GrantStatus.FAILED },
  { event: 'grant-access', found: GrantStatus.GRANTED, lockLive: 'any', samePayload: true, action: 'replay', decision: 'replay' },
  // The payload is checked before a GRANTING lock: reuse for another payload is a conflict even mid-grant.
  { event: 'grant-access', found: GrantStatus.GRANTED, lockLive: 'any', samePayload: false, action: 'refuse', decision: 'conflict', error: 'GrantConflictError' },
  { event: 'grant-access', found: GrantStatus.GRANTING, lockLive: 'any', samePayload: false, action: 'refuse', decision: 'conflict', error: 'GrantConflictError' },
  { event: 'grant-access', found: GrantStatus.FAILED, lockLive: 'any', samePayload: false, action: 'refuse', decision: 'conflict', error: 'GrantConflictError' },
  // A live revoke is "in progress", not yet "revoked": it may still fail.
  { event: 'grant-access', found: GrantStatus.GRANTING, lockLive: true, samePayload: true, action: 'refuse', decision: 'in-progress', error: 'GrantInProgressError' },
  { event: 'grant-access', found: GrantStatus.REVOKING, lockLive: true, samePayload: 'any', action: 'refuse', decision: 'in-progress', error: 'GrantInProgressError' },
  { event: 'grant-access', found: GrantStatus.GRANTING, lockLive: false, samePayload: true, action: 'run', decision: 'relock', lockStatus: GrantStatus.GRANTING, afterSuccess: GrantStatus.GRANTED, afterFailure: GrantStatus.FAILED },
  { event: 'grant-access', found: GrantStatus.FAILED, lockLive: 'any', samePayload: true, action: 'run', decision: 'relock', lockStatus: GrantStatus.GRANTING, afterSuccess: GrantStatus.GRANTED, afterFailure: GrantStatus.FAILED },
  // Whatever the payload: a late retry must never resurrect access.
  { event: 'grant-access', found: GrantStatus.REVOKING, lockLive: false, samePayload: 'any', action: 'refuse', decision: 'revoked', error: 'GrantRevokedError' },
  { event: 'grant-access', found: GrantStatus.REVOKED, lockLive: 'any', samePayload: 'any', action: 'refuse', decision: 'revoked', error: 'GrantRevokedError' },
  { event: 'revoke-access', found: GrantStatus.GRANTED, lockLive: 'any', samePayload: 'any', action: 'run', decision: 'lock', lockStatus: GrantStatus.REVOKING, afterSuccess: GrantStatus.REVOKED, afterFailure: 'previous' },
  { event: 'revoke-access', found: GrantStatus.FAILED, lockLive: 'any', samePayload: 'any', action: 'run', decision: 'lock', lockStatus: GrantStatus.REVOKING, afterSuccess: GrantStatus.REVOKED, afterFailure: 'previous' },
  { event: 'revoke-access', found: GrantStatus.REVOKED, lockLive: 'any', samePayload: 'any', action: 'replay', decision: 'replay' },
  { event: 'revoke-access', found: 'none', lockLive: 'any', samePayload: 'any', action: 'run', decision: 'lock', tombstone: true, lockStatus: GrantStatus.REVOKING, afterSuccess: GrantStatus.REVOKED, afterFailure: GrantStatus.REVOKING },
  { event: 'revoke-access', found: GrantStatus.GRANTING, lockLive: true, samePayload: 'any', action: 'refuse', decision: 'in-progress', error: 'GrantInProgressError' },
  { event: 'revoke-access', found: GrantStatus.REVOKING, lockLive: true, samePayload: 'any', action: 'refuse', decision: 'in-progress', error: 'GrantInProgressError' },
  { event: 'revoke-access', found: GrantStatus.GRANTING, lockLive: false, samePayload: 'any', action: 'run', decision: 'take-over', lockStatus: GrantStatus.REVOKING, afterSuccess: GrantStatus.REVOKED, afterFailure: 'previous' },
  { event: 'revoke-access', found: GrantStatus.REVOKING, lockLive: false, samePayload: 'any', action: 'run', decision: 'take-over', lockStatus: GrantStatus.REVOKING, afterSuccess: GrantStatus.REVOKED, afterFailure: 'previous' },
] as const satisfies readonly GrantMachineRow[];

/**
 * What the machine looks at in one event: the event, and the record as found.
 * @example const key: GrantMachineKey = { event: 'grant-access', found: 'GRANTED', lockLive: false, samePayload: true };
 */
export interface GrantMachineKey {
  event: GrantEvent;
  found: GrantStatus | 'none';
  lockLive: boolean;
  samePayload: boolean;
}

/** The {@link GrantMachineKey} of an event on `record` (undefined: no record). */
function grantMachineKey(event: GrantEvent, record: GrantRecord | undefined, payloadHash: string, nowMs: number): GrantMachineKey {
  if (record === undefined) return { event, found: 'none', lockLive: false, samePayload: false };
  return {
    event,
    found: record.status,
    // A lock expiring right now is expired: its owner has no time left to write.
    lockLive: record.lockExpiresAtMs !== undefined && record.lockExpiresAtMs > nowMs,
    samePayload: record.payloadHash === payloadHash,
  };
}

/** True when `row` matches `key`. @example GrantMachine.filter((row) => grantMachineRowMatches(row, key)); // exactly one row, for every key */
export function grantMachineRowMatches(row: GrantMachineRow, key: GrantMachineKey): boolean {
  return (
    row.event === key.event &&
    row.found === key.found &&
    (row.lockLive === 'any' || row.lockLive === key.lockLive) &&
    (row.samePayload === 'any' || row.samePayload === key.samePayload)
  );
}

/**
 * The row of {@link GrantMachine} that decides an event on `record` (undefined: no record).
 * @throws Error when no row matches, which the table's test proves cannot happen.
 * @example grantMachineRow('revoke-access', record, hashGrantPayload(intent), Date.now()).action; // 'run' for a GRANTED record
 */
export function grantMachineRow(event: 'grant-access', record: GrantRecord | undefined, payloadHash: string, nowMs: number): GrantAccessRow;
export function grantMachineRow(event: 'revoke-access', record: GrantRecord | undefined, payloadHash: string, nowMs: number): RevokeAccessRow;
export function grantMachineRow(event: GrantEvent, record: GrantRecord | undefined, payloadHash: string, nowMs: number): GrantMachineRow;
export function grantMachineRow(event: GrantEvent, record: GrantRecord | undefined, payloadHash: string, nowMs: number): GrantMachineRow {
  const key = grantMachineKey(event, record, payloadHash, nowMs);
  const row = GrantMachine.find((candidate) => grantMachineRowMatches(candidate, key));
  if (row === undefined) throw new Error(`GrantMachine has no row for ${event} on ${key.found} (lock live ${key.lockLive}, same payload ${key.samePayload})`);
  return row;
}
