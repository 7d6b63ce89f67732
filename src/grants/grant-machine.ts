/*
 * The grant state machine of DESIGN.md ("Grant state tracking by grant_id") as one
 * table: what a grant-access or revoke-access does with the record it found. The
 * rule lives here once; the ledger reads it (through decideGrant / decideRevoke)
 * and test/grants/grant-machine.test.ts walks every row through a real ledger.
 */
import type { GrantDecision, RevokeDecision } from './grant-decisions';
import { GrantStatus, type GrantRecord } from './records';

/**
 * The two events the machine settles.
 *
 * @example
 * ```ts
 * const event: GrantEvent = 'revoke-access';
 * ```
 */
export type GrantEvent = 'grant-access' | 'revoke-access';

/**
 * What a row matches. `'any'` says the ledger does not look at that part of the
 * record, so a row never hides a check behind a wildcard.
 */
interface GrantMachineMatch<E extends GrantEvent> {
  event: E;
  /** The record's status, or `'none'` when the grant_id has no record. */
  found: GrantStatus | 'none';
  /** Whether another invocation's lock still holds (a lock expiring right now does not). */
  lockLive: boolean | 'any';
  /** Whether the request's payload hash is the record's. */
  samePayload: boolean | 'any';
}

/**
 * A grant-access row. Each decision has one outcome, so the types tie them: a
 * `'conflict'` is always a refusal with GrantConflictError, and so on.
 */
export type GrantAccessRow = GrantMachineMatch<'grant-access'> & (
  | {
      action: 'run';
      /** The ledger's lock write: it moves the record as read, or creates it when there is none. */
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

/**
 * A revoke-access row. Revokes never look at the payload (`samePayload: 'any'`): a
 * revoke with another payload revokes the recorded grant and notes the difference.
 */
export type RevokeAccessRow = GrantMachineMatch<'revoke-access'> & { samePayload: 'any' } & (
  | {
      action: 'run';
      decision: Extract<RevokeDecision, 'lock' | 'take-over'>;
      lockStatus: typeof GrantStatus.REVOKING;
      afterSuccess: typeof GrantStatus.REVOKED;
      /** Why 'previous': a failed revoke is undone, so the record goes back to the status it was found in. */
      afterFailure: 'previous';
    }
  | {
      action: 'run';
      found: 'none';
      /** The ledger's lock write on no record: it creates the record, here a tombstone. */
      decision: Extract<RevokeDecision, 'lock'>;
      /**
       * The record is a tombstone: it never tracked a grant, so `@Revoke` gets no
       * record (now and on any retry), and it refuses every later grant-access.
       */
      tombstone: true;
      lockStatus: typeof GrantStatus.REVOKING;
      afterSuccess: typeof GrantStatus.REVOKED;
      /** There is no previous status to go back to: the tombstone stays, unlocked, so grants stay refused. */
      afterFailure: typeof GrantStatus.REVOKING;
    }
  | { action: 'replay'; decision: Extract<RevokeDecision, 'replay'> }
  | { action: 'refuse'; decision: Extract<RevokeDecision, 'in-progress'>; error: 'GrantInProgressError' }
);

/**
 * One row of {@link GrantMachine}.
 *
 * @example
 * ```ts
 * const row: GrantMachineRow = grantMachineRow('grant-access', record, payloadHash, Date.now());
 * if (row.action === 'refuse') console.log(row.error);
 * ```
 */
export type GrantMachineRow = GrantAccessRow | RevokeAccessRow;

/**
 * DESIGN.md's table as data, in its order; the first row that matches decides. Each
 * `found` is one status so that no combination of (event, status, lock, payload)
 * matches two rows (a test checks it): order then never changes an outcome, and a
 * row reads alone. Where the code checks one thing before another (the payload before
 * a GRANTING lock, a REVOKING lock before "revoked"), the rows say so explicitly.
 * Refusals and replays write nothing: the record stays as found.
 *
 * @example
 * ```ts
 * for (const row of GrantMachine) console.log(row.event, row.found, row.action);
 * ```
 */
export const GrantMachine = [
  // grant | none → lock (GRANTING) → run @Grant → GRANTED with data
  { event: 'grant-access', found: 'none', lockLive: 'any', samePayload: 'any', action: 'run', decision: 'relock', lockStatus: GrantStatus.GRANTING, afterSuccess: GrantStatus.GRANTED, afterFailure: GrantStatus.FAILED },
  // grant | GRANTED, same payload → replay
  { event: 'grant-access', found: GrantStatus.GRANTED, lockLive: 'any', samePayload: true, action: 'replay', decision: 'replay' },
  // grant | GRANTED (and GRANTING, FAILED), other payload → conflict. The payload is checked before a GRANTING
  // lock: a grant_id reused for another payload is a conflict even while its first grant still runs.
  { event: 'grant-access', found: GrantStatus.GRANTED, lockLive: 'any', samePayload: false, action: 'refuse', decision: 'conflict', error: 'GrantConflictError' },
  { event: 'grant-access', found: GrantStatus.GRANTING, lockLive: 'any', samePayload: false, action: 'refuse', decision: 'conflict', error: 'GrantConflictError' },
  { event: 'grant-access', found: GrantStatus.FAILED, lockLive: 'any', samePayload: false, action: 'refuse', decision: 'conflict', error: 'GrantConflictError' },
  // grant | GRANTING/REVOKING, lock live → in progress. A live revoke is "in progress", not yet "revoked": it may still fail.
  { event: 'grant-access', found: GrantStatus.GRANTING, lockLive: true, samePayload: true, action: 'refuse', decision: 'in-progress', error: 'GrantInProgressError' },
  { event: 'grant-access', found: GrantStatus.REVOKING, lockLive: true, samePayload: 'any', action: 'refuse', decision: 'in-progress', error: 'GrantInProgressError' },
  // grant | GRANTING whose lock expired (a grant that died), or FAILED → re-lock → run → GRANTED
  { event: 'grant-access', found: GrantStatus.GRANTING, lockLive: false, samePayload: true, action: 'run', decision: 'relock', lockStatus: GrantStatus.GRANTING, afterSuccess: GrantStatus.GRANTED, afterFailure: GrantStatus.FAILED },
  { event: 'grant-access', found: GrantStatus.FAILED, lockLive: 'any', samePayload: true, action: 'run', decision: 'relock', lockStatus: GrantStatus.GRANTING, afterSuccess: GrantStatus.GRANTED, afterFailure: GrantStatus.FAILED },
  // grant | REVOKING (no live lock) / REVOKED → revoked, whatever the payload: a late retry must never resurrect access
  { event: 'grant-access', found: GrantStatus.REVOKING, lockLive: false, samePayload: 'any', action: 'refuse', decision: 'revoked', error: 'GrantRevokedError' },
  { event: 'grant-access', found: GrantStatus.REVOKED, lockLive: 'any', samePayload: 'any', action: 'refuse', decision: 'revoked', error: 'GrantRevokedError' },
  // revoke | GRANTED or FAILED → lock (REVOKING) → run @Revoke with the record → REVOKED
  { event: 'revoke-access', found: GrantStatus.GRANTED, lockLive: 'any', samePayload: 'any', action: 'run', decision: 'lock', lockStatus: GrantStatus.REVOKING, afterSuccess: GrantStatus.REVOKED, afterFailure: 'previous' },
  { event: 'revoke-access', found: GrantStatus.FAILED, lockLive: 'any', samePayload: 'any', action: 'run', decision: 'lock', lockStatus: GrantStatus.REVOKING, afterSuccess: GrantStatus.REVOKED, afterFailure: 'previous' },
  // revoke | REVOKED → replay
  { event: 'revoke-access', found: GrantStatus.REVOKED, lockLive: 'any', samePayload: 'any', action: 'replay', decision: 'replay' },
  // revoke | none → run @Revoke from the request alone → REVOKED tombstone
  { event: 'revoke-access', found: 'none', lockLive: 'any', samePayload: 'any', action: 'run', decision: 'lock', tombstone: true, lockStatus: GrantStatus.REVOKING, afterSuccess: GrantStatus.REVOKED, afterFailure: GrantStatus.REVOKING },
  // revoke | GRANTING/REVOKING, lock live → in progress
  { event: 'revoke-access', found: GrantStatus.GRANTING, lockLive: true, samePayload: 'any', action: 'refuse', decision: 'in-progress', error: 'GrantInProgressError' },
  { event: 'revoke-access', found: GrantStatus.REVOKING, lockLive: true, samePayload: 'any', action: 'refuse', decision: 'in-progress', error: 'GrantInProgressError' },
  // revoke | GRANTING/REVOKING whose lock expired → take over → run @Revoke with the record → REVOKED
  { event: 'revoke-access', found: GrantStatus.GRANTING, lockLive: false, samePayload: 'any', action: 'run', decision: 'take-over', lockStatus: GrantStatus.REVOKING, afterSuccess: GrantStatus.REVOKED, afterFailure: 'previous' },
  { event: 'revoke-access', found: GrantStatus.REVOKING, lockLive: false, samePayload: 'any', action: 'run', decision: 'take-over', lockStatus: GrantStatus.REVOKING, afterSuccess: GrantStatus.REVOKED, afterFailure: 'previous' },
] as const satisfies readonly GrantMachineRow[];

/**
 * What the machine looks at in one event: the event, and the record as found.
 *
 * @example
 * ```ts
 * const key: GrantMachineKey = { event: 'grant-access', found: 'GRANTED', lockLive: false, samePayload: true };
 * ```
 */
export interface GrantMachineKey {
  event: GrantEvent;
  found: GrantStatus | 'none';
  lockLive: boolean;
  samePayload: boolean;
}

/**
 * The {@link GrantMachineKey} of an event on `record` (undefined: no record; there
 * is then no lock, and no payload to compare).
 *
 * @example
 * ```ts
 * grantMachineKey('grant-access', record, hashGrantPayload(intent), Date.now()); // { event, found: 'GRANTING', lockLive: true, ... }
 * ```
 */
function grantMachineKey(event: GrantEvent, record: GrantRecord | undefined, payloadHash: string, nowMs: number): GrantMachineKey {
  if (record === undefined) return { event, found: 'none', lockLive: false, samePayload: false };
  return {
    event,
    found: record.status,
    // A lock expiring right now is expired: a remaining time of 0 is real, and its owner has no time left to write.
    lockLive: record.lockExpiresAtMs !== undefined && record.lockExpiresAtMs > nowMs,
    samePayload: record.payloadHash === payloadHash,
  };
}

/**
 * True when `row` matches `key`.
 *
 * @example
 * ```ts
 * GrantMachine.filter((row) => grantMachineRowMatches(row, key)); // exactly one row, for every key
 * ```
 */
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
 *
 * @throws Error when no row matches, which the table's test proves cannot happen.
 * @example
 * ```ts
 * const row = grantMachineRow('revoke-access', record, hashGrantPayload(intent), Date.now());
 * row.action; // 'run' for a GRANTED record: lock REVOKING, then REVOKED
 * ```
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
