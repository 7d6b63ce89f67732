import type { GrantLock } from './grant-lock';
import type { CredentialRecord, CredentialStatus, CredentialTransition } from './types/credential-record';

/**
 * The credential record fields an event sets (everything but the key, the count, the history and the lock).
 *
 * @example
 * ```ts
 * const set: CredentialRecordFields = { username, resourceType, resources, status: 'DELETED', deletedAtMs: now, updatedAtMs: now };
 * ```
 */
export type CredentialRecordFields = Omit<CredentialRecord, 'credentialId' | 'resetCount' | 'history' | 'lockOwner' | 'lockExpiresAtMs'>;

/**
 * What {@link CredentialStore.lockCredential} did. A refused lock carries the
 * live lock's expiry when the store returned the record with the refusal (no extra read).
 *
 * @example
 * ```ts
 * const result = await store.lockCredential(credentialId, lock, Date.now());
 * if (!result.locked) console.log('busy until', result.lockExpiresAtMs);
 * else console.log(result.record === undefined ? 'first event' : `status ${result.record.status}`);
 * ```
 */
export type CredentialLockResult =
  /** `record`: the record under this lock, or undefined when no event was ever recorded for these credentials. */
  | { readonly locked: true; readonly record?: CredentialRecord }
  | { readonly locked: false; readonly lockExpiresAtMs?: number };

/**
 * One credential event, recorded after its method succeeded: applied only while
 * `lockOwner` still holds the record's lock, and releasing that lock in the same write.
 *
 * @example
 * ```ts
 * const write: CredentialWrite = {
 *   lockOwner: 'req-1',
 *   set: { username, resourceType, resources, status: 'ACTIVE', resetAtMs: now, updatedAtMs: now },
 *   resetCount: 'increment',
 *   keptHistory: boundedHistory(locked.record?.history ?? []),
 *   appendHistory: { action: 'reset', to: 'ACTIVE', atMs: now, by: 'req-1' },
 * };
 * ```
 */
export interface CredentialWrite {
  /** The invocation holding the lock (from {@link CredentialStore.lockCredential}). */
  readonly lockOwner: string;
  readonly set: CredentialRecordFields & { status: CredentialStatus };
  /** `zero`: start counting again; `increment`: one more reset; `keep`: unchanged (0 for a new record). */
  readonly resetCount: 'zero' | 'increment' | 'keep';
  readonly appendHistory: CredentialTransition;
  /**
   * When given, the stored history is replaced by these entries followed by
   * `appendHistory`; otherwise `appendHistory` is appended. The lock holder knows
   * the record, so it can trim the history in this one write (DynamoDB refuses
   * appending to and removing from one list in a single update).
   */
  readonly keptHistory?: readonly CredentialTransition[];
}

/**
 * What {@link CredentialStore.writeCredential} did: not applied when the writer no longer held the lock.
 *
 * @example
 * ```ts
 * const result = await store.writeCredential(credentialId, write);
 * if (!result.applied) throw new Error('lost the lock');
 * ```
 */
export type CredentialWriteResult = { readonly applied: true; readonly record: CredentialRecord } | { readonly applied: false };

/**
 * A lock released without recording an event.
 *
 * @example
 * ```ts
 * await store.releaseCredential(credentialId, { owner: 'req-1', forget: locked.record === undefined });
 * ```
 */
export interface CredentialRelease {
  /** The invocation holding the lock: nothing happens if it no longer does. */
  readonly owner: string;
  /**
   * True when no event was ever recorded for these credentials (a first event
   * failed): the release then also requires that none was, and what is left holds
   * no record (`getCredential` and `listCredentials` skip it). Never a delete: the
   * function's role needs no `dynamodb:DeleteItem`.
   */
  readonly forget: boolean;
}

/**
 * Options of {@link CredentialStore.listCredentials}.
 *
 * @example
 * ```ts
 * await store.listCredentials({ limit: 20 });
 * ```
 */
export interface CredentialListOptions {
  /** At most this many records (default 100). */
  limit?: number;
}

/**
 * Where credential records live. Every `GrantStore` is one. A record exists once
 * an event was recorded for its credentials: a lock taken for a first event that
 * has not finished is not a record (`getCredential` and `listCredentials` skip it).
 *
 * @example
 * ```ts
 * const [listed] = await store.listCredentials({ limit: 1 });
 * const record = listed && (await store.getCredential(listed.credentialId));
 * ```
 */
export interface CredentialStore {
  /** The credential record with this id (a consistent read), or undefined. */
  getCredential(credentialId: string): Promise<CredentialRecord | undefined>;
  /**
   * Takes the record's lock for `lock.owner`, in one conditional write, unless
   * another owner's lock expires after `nowMs`. Works on credentials never seen
   * before. A lock `lock.owner` already holds is taken again: a write resent after
   * its response was lost must not lock its own invocation out.
   */
  lockCredential(credentialId: string, lock: GrantLock, nowMs: number): Promise<CredentialLockResult>;
  /** Records one event and releases the lock, in one write conditioned on the lock owner. */
  writeCredential(credentialId: string, write: CredentialWrite): Promise<CredentialWriteResult>;
  /** Releases the lock, recording nothing, in one write conditioned on the lock owner. False when not held. */
  releaseCredential(credentialId: string, release: CredentialRelease): Promise<boolean>;
  /** Credential records, in no particular order. */
  listCredentials(options?: CredentialListOptions): Promise<CredentialRecord[]>;
}
