/*
 * The GrantLedger's decisions on a record it found, kept apart from the ledger's
 * writes. The decisions themselves are rows of GrantMachine (grant-machine.ts,
 * DESIGN.md's table as data): these functions only read it, so the rule is written once.
 */
import type { GrantLock } from './grant-lock';
import { grantMachineRow } from './grant-machine';
import type { GrantStatus, GrantRecord, GrantTransition } from './types/grant-record';

/** What a grant-access does with the record it found. */
export type GrantDecision = 'revoked' | 'conflict' | 'in-progress' | 'replay' | 'relock';
/** What a revoke-access does with the record it found. */
export type RevokeDecision = 'replay' | 'in-progress' | 'lock' | 'take-over';

/**
 * The decision of GrantMachine's grant-access row for `record`.
 *
 * @example
 * ```ts
 * decideGrant(record, hashGrantPayload(intent), Date.now()); // 'replay' for a GRANTED record of the same payload
 * ```
 */
export function decideGrant(record: GrantRecord, payloadHash: string, nowMs: number): GrantDecision {
  return grantMachineRow('grant-access', record, payloadHash, nowMs).decision;
}

/**
 * The decision of GrantMachine's revoke-access row for `record`.
 *
 * @example
 * ```ts
 * decideRevoke(record, Date.now()); // 'take-over' for a GRANTING record whose lock expired
 * ```
 */
export function decideRevoke(record: GrantRecord, nowMs: number): RevokeDecision {
  // The record's own hash stands for the request's: no revoke row reads the payload (RevokeAccessRow's samePayload is 'any').
  return grantMachineRow('revoke-access', record, record.payloadHash, nowMs).decision;
}

/**
 * True when a refused lock write found the record in `status` under `lock`'s own
 * owner: this invocation's write was applied, its response was lost, and the SDK
 * sent it again. The lock is ours, so the event goes on as if the first answer had
 * arrived (refusing it would keep the record locked by us, and every retry refused,
 * until the lock expired). Lock owners are unique per invocation, and while our
 * lock holds no other writer can apply a write, so the record is exactly what our
 * write left.
 *
 * @example
 * ```ts
 * if (!locked.applied && locked.current && heldByOwnLock(locked.current, lock, 'GRANTING')) return run(locked.current);
 * ```
 */
export function heldByOwnLock(record: GrantRecord, lock: GrantLock, status: GrantStatus): boolean {
  return record.status === status && record.lockOwner === lock.owner;
}

/**
 * True when a refused settling write (conditioned on our lock) finds that write
 * already applied: the record is unlocked, in the status we were setting, and its
 * last history entry is the very one we were appending (same status, owner and
 * time). That is the SDK resending a settling write whose response was lost: the
 * resend fails its condition only because the first one released our lock. Any
 * other writer would have appended its own entry after ours.
 *
 * @example
 * ```ts
 * if (!finished.applied && finished.current && settledByOwnWrite(finished.current, write.appendHistory)) return finished.current;
 * ```
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

/**
 * The status a record held by our own lock had before that lock: the `from` of
 * the history entry our lock write appended (its last one, see {@link heldByOwnLock});
 * undefined when our lock created the record.
 *
 * @example
 * ```ts
 * statusBeforeOwnLock(record); // 'GRANTED' after GRANTED → REVOKING
 * ```
 */
export function statusBeforeOwnLock(record: GrantRecord): GrantStatus | undefined {
  return record.history[record.history.length - 1]?.from;
}

/**
 * A record created by a revoke (a tombstone) never tracked a grant: `@Revoke` then gets no record.
 *
 * @example
 * ```ts
 * await run(tracksGrant(locked) ? locked : undefined);
 * ```
 */
export function tracksGrant(record: GrantRecord): boolean {
  return record.tombstone !== true;
}

/**
 * An error's message, or the thrown value as text.
 *
 * @example
 * ```ts
 * messageOf(new Error('portal down')); // 'portal down'
 * ```
 */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * `data` as plain JSON, so that every store keeps exactly the same thing.
 *
 * @example
 * ```ts
 * toJsonData({ at: new Date(0) }); // { at: '1970-01-01T00:00:00.000Z' }
 * ```
 */
export function toJsonData(data: unknown): Record<string, unknown> | undefined {
  if (data === undefined) return undefined;
  const json: unknown = JSON.parse(JSON.stringify(data) ?? 'null');
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new TypeError('data must be a JSON object');
  }
  return json as Record<string, unknown>;
}
