/**
 * Stores that wrap another and inject what a deployment meets: a store outage, a
 * write whose response was lost (so the SDK sent it again), a lock release that fails.
 */
import type { GrantStore, GrantWrite, GrantWriteResult } from '../../src/grants/grant-store';
import type { GrantLock } from '../../src/grants/grant-lock';
import type { CredentialLockResult, CredentialRelease } from '../../src/grants/credential-store';
import { StoreUnavailableError } from './grant-fixtures';

/** Hands every call to `inner`; subclasses override the calls they disturb. */
export class DelegatingGrantStore implements GrantStore {
  readonly durable: boolean;
  constructor(protected readonly inner: GrantStore) {
    this.durable = inner.durable;
  }
  transition(grantId: string, write: GrantWrite): Promise<GrantWriteResult> {
    return this.inner.transition(grantId, write);
  }
  get(grantId: string) {
    return this.inner.get(grantId);
  }
  list(options?: Parameters<GrantStore['list']>[0]) {
    return this.inner.list(options);
  }
  getCredential(id: string) {
    return this.inner.getCredential(id);
  }
  lockCredential(credentialId: string, lock: GrantLock, nowMs: number): Promise<CredentialLockResult> {
    return this.inner.lockCredential(credentialId, lock, nowMs);
  }
  writeCredential(...args: Parameters<GrantStore['writeCredential']>) {
    return this.inner.writeCredential(...args);
  }
  releaseCredential(credentialId: string, release: CredentialRelease): Promise<boolean> {
    return this.inner.releaseCredential(credentialId, release);
  }
  listCredentials(options?: Parameters<GrantStore['listCredentials']>[0]) {
    return this.inner.listCredentials(options);
  }
}

/**
 * Fails chosen `transition` calls (1-based, counted over the wrapper's life) with
 * {@link StoreUnavailableError}, before they reach the store.
 */
export class FaultyGrantStore extends DelegatingGrantStore {
  private transitions = 0;
  constructor(
    inner: GrantStore,
    private readonly failingTransitions: ReadonlySet<number>,
  ) {
    super(inner);
  }
  override async transition(grantId: string, write: GrantWrite): Promise<GrantWriteResult> {
    this.transitions += 1;
    if (this.failingTransitions.has(this.transitions)) throw new StoreUnavailableError();
    return this.inner.transition(grantId, write);
  }
}

/**
 * The first `transition` and the first `lockCredential` that the store applies are
 * sent again at once, and the caller gets only the second answer: what the AWS SDK
 * does when a write was applied but its response was lost (socket reset).
 */
export class ResentWriteStore extends DelegatingGrantStore {
  resentTransitions = 0;
  resentLocks = 0;
  override async transition(grantId: string, write: GrantWrite): Promise<GrantWriteResult> {
    const first = await this.inner.transition(grantId, write);
    if (!first.applied || this.resentTransitions > 0) return first;
    this.resentTransitions += 1;
    return this.inner.transition(grantId, write);
  }
  override async lockCredential(credentialId: string, lock: GrantLock, nowMs: number): Promise<CredentialLockResult> {
    const first = await this.inner.lockCredential(credentialId, lock, nowMs);
    if (!first.locked || this.resentLocks > 0) return first;
    this.resentLocks += 1;
    return this.inner.lockCredential(credentialId, lock, nowMs);
  }
}

/** Every `releaseCredential` fails with {@link StoreUnavailableError} (a store outage, or a role without the permission). */
export class ReleaseFailingStore extends DelegatingGrantStore {
  override async releaseCredential(): Promise<boolean> {
    throw new StoreUnavailableError();
  }
}
