import { GrantInProgressError } from '../errors';

/**
 * The grant_ids whose `@Grant` or `@Revoke` body runs in this process, from just
 * before the lock write until the body and what settles it have finished, late
 * ones (abandoned at the deadline) included.
 *
 * Why in process and not only in the store: JavaScript cannot stop a method that
 * ignores its AbortSignal, so a body abandoned at the deadline goes on after its
 * invocation answered, and after its store lock expired. The store lock then lets
 * a retry in; this fence keeps that retry from starting a second body of the same
 * grant_id beside it in the same instance. (Across instances, the settling write
 * is conditioned on the lock, and what still escapes is for reconcile.)
 *
 * @example
 * ```ts
 * const release = fence.enter(intent.grantId, 'grant-access', lock.expiresAtMs);   // throws GrantInProgressError when held
 * try { await runBody(); } finally { release(); }
 * ```
 */
export class BodyFence {
  private readonly held = new Map<string, { lockExpiresAtMs: number }>();

  /** True while a body of this grant_id runs (or settles) in this process. */
  isHeld(grantId: string): boolean {
    return this.held.has(grantId);
  }

  /**
   * Takes the fence of `grantId` and returns its release (idempotent).
   *
   * @throws GrantInProgressError (retryable) when a body of this grant_id runs in this process.
   */
  enter(grantId: string, event: 'grant-access' | 'revoke-access', lockExpiresAtMs: number): () => void {
    const holder = this.held.get(grantId);
    if (holder !== undefined) {
      throw new GrantInProgressError(
        `grant_id ${grantId} is locked by another invocation of this instance running a grant or revoke (its lock ` +
          `expires at ${new Date(holder.lockExpiresAtMs).toISOString()}, and a method that outlived its deadline is ` +
          `awaited until it ends), so this ${event} did nothing. Retry it later.`,
      );
    }
    const token = { lockExpiresAtMs };
    this.held.set(grantId, token);
    return () => {
      if (this.held.get(grantId) === token) this.held.delete(grantId);
    };
  }
}
