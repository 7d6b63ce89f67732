import { assertLock, type CredentialStore, type CredentialWrite, type GrantLock, storeCall } from './grant-store';
import { credentialsInProgress, credentialsLockKept, credentialsLockLost } from './grant-decisions';
import { InvalidEventError, LockNotReleasedError } from '../errors';
import { CredentialAction, credentialIdFor, type CredentialKey, type CredentialRecord, CredentialStatus } from './records';
import { RecordLimits } from './constants';
import { boundedHistory, payloadBytes } from './record-bounds';
import { type MethodRunOptions, releaseOrReport, runLocked } from './method-run';

const ACTIONS: ReadonlySet<string> = new Set(Object.values(CredentialAction));

/** Options of {@link CredentialLedger}. @example new CredentialLedger(store, { now: () => clock.now() }); // epoch ms */
export interface CredentialLedgerOptions {
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
 * Runs one credential event at a time per (username, resourceType, sorted resources)
 * and records the events that succeeded, never the secret. See docs/grant-ledger.md#credential-ledger.
 * @example
 * ```ts
 * const credentials = new CredentialLedger(store);
 * const lock = { owner: context.awsRequestId, expiresAtMs: Date.now() + context.getRemainingTimeInMillis() };
 * const { secret } = await credentials.track('reset', { username, resourceType, resources }, lock, () => integration.reset(request));
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
   * Takes the credentials' lock, runs `run`, records the event and releases the lock; returns what `run` returned, unstored.
   * @throws CredentialsInProgressError (retryable); the method's own error, or a LockNotReleasedError standing for it; a store error.
   * @example await credentials.track('delete', key, lock, () => integration.deleteCredentials(request));
   */
  async track<T>(action: CredentialAction, key: CredentialKey, lock: GrantLock, run: () => Promise<T>, options: MethodRunOptions = {}): Promise<T> {
    assertLock(lock);
    // Before the lock: an unknown action must change nothing.
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

  /** True when a refused record write finds itself already applied (a resend). See docs/grant-ledger.md#resent-writes. */
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
      // Exact: the lock write returned the record as stored, and this write is conditioned on the lock.
      keptHistory: boundedHistory(record?.history ?? []),
      set: { ...identity, status: effect.status, [effect.stampedField]: nowMs },
      resetCount: effect.resetCount,
      appendHistory: { action, to: effect.status, atMs: nowMs, by },
    };
  }
}
