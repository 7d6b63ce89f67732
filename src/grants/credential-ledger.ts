import { assertLock, type CredentialStore, type CredentialWrite, type GrantLock, storeCall } from './grant-store';
import { credentialsInProgress, credentialsLockKept, credentialsLockLost } from './grant-decisions';
import { InvalidEventError, LockNotReleasedError } from '../errors';
import { CredentialAction, credentialIdFor, type CredentialKey, type CredentialRecord, CredentialStatus } from './records';
import { RecordLimits } from './constants';
import { boundedHistory, payloadBytes } from './record-bounds';
import { type MethodRunOptions, releaseOrReport, runLocked } from './method-run';

const ACTIONS: ReadonlySet<string> = new Set(Object.values(CredentialAction));

/**
 * Options of {@link CredentialLedger}.
 *
 * @example
 * ```ts
 * new CredentialLedger(store, { now: () => clock.now() });
 * ```
 */
export interface CredentialLedgerOptions {
  /** The clock, in epoch ms. */
  now?: () => number;
}

/** What each credential action does to its record: the one thing the three differ in. */
const CREDENTIAL_EFFECTS: Readonly<Record<CredentialAction, {
  status: CredentialStatus;
  stampedField: 'createdAtMs' | 'resetAtMs' | 'deletedAtMs';
  resetCount: CredentialWrite['resetCount'];
}>> = {
  [CredentialAction.CREATE]: { status: CredentialStatus.ACTIVE, stampedField: 'createdAtMs', resetCount: 'zero' },
  [CredentialAction.RESET]: { status: CredentialStatus.ACTIVE, stampedField: 'resetAtMs', resetCount: 'increment' },
  [CredentialAction.DELETE]: { status: CredentialStatus.DELETED, stampedField: 'deletedAtMs', resetCount: 'keep' },
};

/**
 * Runs one credential event at a time per (username, resourceType, sorted
 * resources), and keeps one record of the events that succeeded: status, latest
 * create/reset/delete times, resets since the latest create, and a history. Never
 * the secret: the method's result goes back to the caller and nowhere else.
 *
 * Choices:
 * - A short conditional lock, as for grants: two concurrent resets would both
 *   rotate, and one caller would get a secret that is already dead. The first
 *   write takes the lock (no live lock, or an expired one: a lock whose invocation
 *   died is taken over once it expires); a concurrent event gets the retryable
 *   `CredentialsInProgressError` without running its method. The second write
 *   records the event and releases the lock, conditioned on the lock owner: 2
 *   writes and no read per event.
 * - A failed method releases the lock and records nothing else (its error reaches
 *   the caller and the logs); a first event's failure leaves no record behind.
 * - If that release fails too, the lock stays until it expires and every retry
 *   meanwhile gets `CredentialsInProgressError`, so the caller must learn why. The
 *   ledger has no logger, and a release failure handed back for the caller to log
 *   would be silent again wherever a caller forgets it; so the thrown error says it:
 *   a {@link LockNotReleasedError} that keeps the method's name, `retryable`, stack
 *   and message first (and the method's error as `cause`), and adds the store's
 *   error and the lock's expiry. Both the framework's "event failed" log line and
 *   Apono's answer carry it. The method's error stays the one the caller sees.
 * - A resent lock write (the SDK retrying a write whose response was lost) finds
 *   the invocation's own lock and takes it again instead of refusing itself.
 * - A record write refused although the record shows that very write applied and
 *   the lock released (the SDK resent it after a lost response) counts as applied:
 *   the method's result is returned.
 * - If recording the event fails (store down), the store error is thrown, as for
 *   grants: the framework never reports a success it did not record, and Apono's
 *   retry runs the method again once the lock expires. If the method outlived its
 *   lock and another invocation took it over, its result is withheld (a secret
 *   that the other invocation may already have replaced) with a retryable error.
 * - A reset or delete of credentials the ledger never saw created works: Apono
 *   may have created them before this framework was deployed. A reset creates an
 *   ACTIVE record (no `createdAtMs`, `resetCount` 1); a delete creates a DELETED one.
 * - A reset revives a DELETED record (the method succeeded, so credentials exist);
 *   a create starts `resetCount` again at 0.
 * - The history keeps the first event and the most recent ones (`RecordLimits`).
 *
 * @example
 * ```ts
 * const credentials = new CredentialLedger(store);
 * const lock = { owner: context.awsRequestId, expiresAtMs: Date.now() + context.getRemainingTimeInMillis() };
 * const { secret } = await credentials.track('reset', { username, resourceType, resources }, lock,
 *   () => integration.reset(request));
 * ```
 */
export class CredentialLedger {
  private readonly now: () => number;

  constructor(
    private readonly store: CredentialStore,
    options: CredentialLedgerOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Takes the credentials' lock, runs `run` (the credential method), then records
   * the event and releases the lock. Returns what `run` returned, untouched and unstored.
   *
   * @param lock - the invocation's lock, as for grants (`owner` is kept in the history).
   * @throws CredentialsInProgressError (retryable: another invocation runs an event on
   *   the same credentials); the method's own error, unchanged, or, when releasing the
   *   lock after it failed too, a LockNotReleasedError standing for it; a store error.
   * @example
   * ```ts
   * await credentials.track('delete', key, { owner: 'req-1', expiresAtMs: Date.now() + 30_000 },
   *   () => integration.deleteCredentials(request));
   * ```
   */
  async track<T>(action: CredentialAction, key: CredentialKey, lock: GrantLock, run: () => Promise<T>, options: MethodRunOptions = {}): Promise<T> {
    assertLock(lock);
    // Checked before the lock, not after the method: an unknown action must change nothing.
    if (!ACTIONS.has(action)) throw new TypeError(`unknown credential action ${String(action)}`);
    const bytes = payloadBytes({ ...key, permission: '' });
    if (bytes > RecordLimits.maxPayloadBytes) {
      throw new InvalidEventError(
        `params: username, resource_type and resources take ${bytes} bytes, over the ${RecordLimits.maxPayloadBytes} bytes ` +
          `a credentials record can keep (RecordLimits.maxPayloadBytes), so this ${action}-credentials was refused before its method ran.`,
      );
    }
    const credentialId = credentialIdFor(key);
    const doing = `${action}-credentials of username ${key.username}`.slice(0, 300);
    const locked = await storeCall(() => this.store.lockCredential(credentialId, lock, this.now()), `locking the ${doing}`);
    if (!locked.locked) throw credentialsInProgress(action, key, locked.lockExpiresAtMs);
    const release = (err: unknown) => releaseOrReport(
      // False when the lock was no longer ours (it expired and was taken over): nothing is left to release.
      () => this.store.releaseCredential(credentialId, { owner: lock.owner, forget: locked.record === undefined }),
      err, lock.expiresAtMs, credentialsLockKept(action, key, lock.expiresAtMs));
    return runLocked({
      run,
      options,
      done: () => undefined,
      release,
      // A result that came after the answer reached no one: nothing to record, the lock is released.
      settleLate: async (_outcome, deadlineError) => {
        const released = await release(deadlineError);
        if (released instanceof LockNotReleasedError) options.logger?.error('releasing an abandoned credentials event failed', { error_message: released.message });
      },
      settle: async (result) => {
        const write = this.writeFor(action, key, lock.owner, locked.record);
        const notRecorded = 'The method succeeded, but its result was not recorded and is withheld; the request can be retried.';
        const written = await storeCall(() => this.store.writeCredential(credentialId, write), `recording the ${doing}`, notRecorded);
        if (!written.applied && !(await storeCall(() => this.recordedByOwnWrite(credentialId, write), `reading the ${doing}`, notRecorded))) {
          throw credentialsLockLost(action, key);
        }
        return result;
      },
    });
  }

  /**
   * True when a refused record write finds itself already applied: the record is
   * unlocked and its last history entry is the very one the write appended (same
   * action, status, owner and time). That is the SDK resending a write whose
   * response was lost; the resend fails only because the first one released the
   * lock. Withholding the result then would lose a secret that is live and
   * recorded, and Apono's retry would rotate it again. One read, on this rare path only.
   */
  private async recordedByOwnWrite(credentialId: string, write: CredentialWrite): Promise<boolean> {
    const record = await this.store.getCredential(credentialId);
    const last = record?.history[record.history.length - 1];
    const ours = write.appendHistory;
    return (
      record !== undefined &&
      record.lockOwner === undefined &&
      last !== undefined &&
      last.action === ours.action &&
      last.to === ours.to &&
      last.by === ours.by &&
      last.atMs === ours.atMs
    );
  }

  private writeFor(action: CredentialAction, key: CredentialKey, by: string, record: CredentialRecord | undefined): CredentialWrite {
    const nowMs = this.now();
    const identity = {
      username: key.username,
      resourceType: key.resourceType,
      resources: [...key.resources].sort(),
      updatedAtMs: nowMs,
    };
    const effect = CREDENTIAL_EFFECTS[action];
    if (effect === undefined) throw new TypeError(`unknown credential action ${String(action)}`);
    return {
      lockOwner: by,
      // The lock write returned the record as stored, and this write is conditioned on the lock: trimming it here is exact.
      keptHistory: boundedHistory(record?.history ?? []),
      set: { ...identity, status: effect.status, [effect.stampedField]: nowMs },
      resetCount: effect.resetCount,
      appendHistory: { action, to: effect.status, atMs: nowMs, by },
    };
  }
}
