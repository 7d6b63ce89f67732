import type { CredentialStore, CredentialWrite } from './grant-store';
import { credentialIdFor } from './payload-hash';
import { CredentialAction, CredentialStatus, type CredentialKey } from './types/credential-record';

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

/**
 * Keeps one record per (username, resourceType, sorted resources) of the
 * credential events that succeeded: status, latest create/reset/delete times,
 * resets since the latest create, and a history. Never the secret: the method's
 * result goes back to the caller and nowhere else.
 *
 * Choices:
 * - The record is written after the method succeeded, with one unconditional
 *   write: credentials have no lock, and a failed method changes nothing (its
 *   error reaches the caller and the logs). If that write fails, its error is
 *   thrown, as for grants: the framework never reports a success it did not
 *   record, and Apono's retry runs the method again.
 * - A reset or delete of credentials the ledger never saw created works: Apono
 *   may have created them before this framework was deployed. A reset creates an
 *   ACTIVE record (no `createdAtMs`, `resetCount` 1); a delete creates a DELETED one.
 * - A reset revives a DELETED record (the method succeeded, so credentials exist);
 *   a create starts `resetCount` again at 0.
 *
 * @example
 * ```ts
 * const credentials = new CredentialLedger(store);
 * const { secret } = await credentials.track('reset', { username, resourceType, resources }, context.awsRequestId,
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
   * Runs `run` (the credential method), then records the event. Returns what
   * `run` returned, untouched and unstored.
   *
   * @param by - the invocation (Lambda request id), kept in the history.
   * @example
   * ```ts
   * await credentials.track('delete', key, 'req-1', () => integration.deleteCredentials(request));
   * ```
   */
  async track<T>(action: CredentialAction, key: CredentialKey, by: string, run: () => Promise<T>): Promise<T> {
    const result = await run();
    await this.store.writeCredential(credentialIdFor(key), this.writeFor(action, key, by, this.now()));
    return result;
  }

  private writeFor(action: CredentialAction, key: CredentialKey, by: string, nowMs: number): CredentialWrite {
    const identity = {
      username: key.username,
      resourceType: key.resourceType,
      resources: [...key.resources].sort(),
      updatedAtMs: nowMs,
    };
    switch (action) {
      case CredentialAction.CREATE:
        return {
          set: { ...identity, status: CredentialStatus.ACTIVE, createdAtMs: nowMs },
          resetCount: 'zero',
          appendHistory: { action, to: CredentialStatus.ACTIVE, atMs: nowMs, by },
        };
      case CredentialAction.RESET:
        return {
          set: { ...identity, status: CredentialStatus.ACTIVE, resetAtMs: nowMs },
          resetCount: 'increment',
          appendHistory: { action, to: CredentialStatus.ACTIVE, atMs: nowMs, by },
        };
      case CredentialAction.DELETE:
        return {
          set: { ...identity, status: CredentialStatus.DELETED, deletedAtMs: nowMs },
          resetCount: 'keep',
          appendHistory: { action, to: CredentialStatus.DELETED, atMs: nowMs, by },
        };
      default:
        throw new TypeError(`unknown credential action ${String(action)}`);
    }
  }
}
