/**
 * The lock an invocation takes on a grant_id, or on a credential record. `expiresAtMs`
 * is `now + the Lambda context's remaining time`; a remaining time of 0 is real (the
 * lock is born expired, so another invocation may take over at once).
 *
 * @example
 * ```ts
 * const lock: GrantLock = { owner: context.awsRequestId, expiresAtMs: Date.now() + context.getRemainingTimeInMillis() };
 * ```
 */
export interface GrantLock {
  /** Who holds the lock: unique per invocation (the Lambda request id). Kept in `history[].by`. */
  owner: string;
  expiresAtMs: number;
}

/**
 * Throws a TypeError unless `lock` has an owner and a finite expiry, before anything touches a store.
 *
 * @example
 * ```ts
 * assertLock({ owner: '', expiresAtMs: 1 }); // TypeError: GrantLock.owner must be a non-empty string
 * ```
 */
export function assertLock(lock: GrantLock): void {
  if (typeof lock?.owner !== 'string' || lock.owner === '') throw new TypeError('GrantLock.owner must be a non-empty string');
  if (!Number.isFinite(lock.expiresAtMs)) throw new TypeError('GrantLock.expiresAtMs must be a finite number');
}
