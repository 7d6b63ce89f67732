/**
 * The shape of what the framework remembers about credentials: one record per
 * (username, resourceType, sorted resources). Never the secret.
 */

/**
 * The states of a credential record.
 *
 * @example
 * ```ts
 * if (record.status === CredentialStatus.DELETED) console.log('deleted at', record.deletedAtMs);
 * ```
 */
export const CredentialStatus = {
  ACTIVE: 'ACTIVE',
  DELETED: 'DELETED',
} as const;

/**
 * One of {@link CredentialStatus}.
 *
 * @example
 * ```ts
 * const counts: Record<CredentialStatus, number> = { ACTIVE: 0, DELETED: 0 };
 * for (const record of await store.listCredentials()) counts[record.status]++;
 * ```
 */
export type CredentialStatus = (typeof CredentialStatus)[keyof typeof CredentialStatus];

/**
 * The credential events the framework tracks.
 *
 * @example
 * ```ts
 * const everDeleted = record.history.some((t) => t.action === CredentialAction.DELETE);
 * ```
 */
export const CredentialAction = {
  CREATE: 'create',
  RESET: 'reset',
  DELETE: 'delete',
} as const;

/**
 * One of {@link CredentialAction}.
 *
 * @example
 * ```ts
 * const lastAction: CredentialAction | undefined = record.history.at(-1)?.action;
 * ```
 */
export type CredentialAction = (typeof CredentialAction)[keyof typeof CredentialAction];

/**
 * What credentials belong to (credential events carry no grant_id).
 *
 * @example
 * ```ts
 * const key: CredentialKey = { username: 'ada@example.com', resourceType: 'database', resources: ['db-1'] };
 * ```
 */
export interface CredentialKey {
  username: string;
  resourceType: string;
  resources: readonly string[];
}

/**
 * One tracked credential event.
 *
 * @example
 * ```ts
 * const event: CredentialTransition = { action: 'reset', to: 'ACTIVE', atMs: Date.now(), by: 'req-1' };
 * ```
 */
export interface CredentialTransition {
  action: CredentialAction;
  /** The status after the event. */
  to: CredentialStatus;
  atMs: number;
  /** The invocation that made the change. */
  by: string;
}

/**
 * The tracked record of one (username, resourceType, resources) triple.
 * Times are those of the latest event of each kind; a time is absent when that
 * event happened before the framework tracked these credentials.
 *
 * @example
 * ```ts
 * for (const record of await store.listCredentials()) console.log(record.username, record.status, record.resetCount);
 * ```
 */
export interface CredentialRecord {
  /** A hash of (username, resourceType, sorted resources): the record's key. */
  credentialId: string;
  username: string;
  resourceType: string;
  /** Sorted. */
  resources: string[];
  status: CredentialStatus;
  createdAtMs?: number;
  resetAtMs?: number;
  deletedAtMs?: number;
  /** Resets since the latest create (or since tracking began). */
  resetCount: number;
  updatedAtMs: number;
  /** The invocation running an event on these credentials (while it runs). */
  lockOwner?: string;
  lockExpiresAtMs?: number;
  /** The first event tracked and the most recent ones (see `RecordLimits.maxHistoryEntries`). */
  history: CredentialTransition[];
}
