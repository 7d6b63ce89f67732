/**
 * Stores that wrap another and inject what a deployment meets: a store outage, a
 * write whose response was lost (so the SDK sent it again), a lock release that fails.
 */
import type { CredentialLockResult, CredentialRelease, CredentialWrite, CredentialWriteResult, GrantLock, GrantPutExpectation, GrantRevokeLock, GrantStore, GrantWriteResult } from '../../src/grants/grant-store';
import type { GrantRecord, GrantTransition } from '../../src/grants/records';
import { StoreUnavailableError } from './grant-fixtures';

/** Hands every call to `inner`; subclasses override the calls they disturb. */
export class DelegatingGrantStore implements GrantStore {
  readonly durable: boolean;
  constructor(protected readonly inner: GrantStore) {
    this.durable = inner.durable;
  }
  put(record: GrantRecord, expected: GrantPutExpectation): Promise<GrantWriteResult> {
    return this.inner.put(record, expected);
  }
  lockGranted(grantId: string, lock: GrantRevokeLock, entry: GrantTransition): Promise<GrantWriteResult> {
    return this.inner.lockGranted(grantId, lock, entry);
  }
  get(grantId: string) {
    return this.inner.get(grantId);
  }
  list(options?: Parameters<GrantStore['list']>[0]) {
    return this.inner.list(options);
  }
  page(options?: Parameters<GrantStore['page']>[0]) {
    return this.inner.page(options);
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
 * Fails chosen grant writes (`put` and `lockGranted`, 1-based, counted over the
 * wrapper's life) with {@link StoreUnavailableError}, before they reach the store.
 */
export class FaultyGrantStore extends DelegatingGrantStore {
  private writes = 0;
  constructor(
    inner: GrantStore,
    private readonly failingWrites: ReadonlySet<number>,
  ) {
    super(inner);
  }
  private fail(): void {
    this.writes += 1;
    if (this.failingWrites.has(this.writes)) throw new StoreUnavailableError();
  }
  override async put(record: GrantRecord, expected: GrantPutExpectation): Promise<GrantWriteResult> {
    this.fail();
    return this.inner.put(record, expected);
  }
  override async lockGranted(grantId: string, lock: GrantRevokeLock, entry: GrantTransition): Promise<GrantWriteResult> {
    this.fail();
    return this.inner.lockGranted(grantId, lock, entry);
  }
}

/** A grant record as a write under its writer's lock leaves it: settled or released (no lock any more). */
function settles(record: GrantRecord): boolean {
  return record.lockOwner === undefined;
}

/**
 * The first write of one kind that the store applies is sent again at once, and the
 * caller gets only the second answer: what the AWS SDK does when a write was applied
 * but its response was lost (socket reset). `lock` (default): the first lock write
 * (`transition`, `lockCredential`); `settling`: the first write under the lock that
 * settles the event (`transition` conditioned on `lockOwner`, `writeCredential`).
 */
export class ResentWriteStore extends DelegatingGrantStore {
  resentTransitions = 0;
  resentLocks = 0;
  resentCredentialWrites = 0;
  constructor(
    inner: GrantStore,
    private readonly resend: 'lock' | 'settling' = 'lock',
  ) {
    super(inner);
  }
  override async put(record: GrantRecord, expected: GrantPutExpectation): Promise<GrantWriteResult> {
    const first = await this.inner.put(record, expected);
    const chosen = this.resend === 'lock' ? !settles(record) : settles(record);
    if (!first.applied || !chosen || this.resentTransitions > 0) return first;
    this.resentTransitions += 1;
    return this.inner.put(record, expected);
  }
  override async lockGranted(grantId: string, lock: GrantRevokeLock, entry: GrantTransition): Promise<GrantWriteResult> {
    const first = await this.inner.lockGranted(grantId, lock, entry);
    if (!first.applied || this.resend !== 'lock' || this.resentTransitions > 0) return first;
    this.resentTransitions += 1;
    return this.inner.lockGranted(grantId, lock, entry);
  }
  override async lockCredential(credentialId: string, lock: GrantLock, nowMs: number): Promise<CredentialLockResult> {
    const first = await this.inner.lockCredential(credentialId, lock, nowMs);
    if (!first.locked || this.resend !== 'lock' || this.resentLocks > 0) return first;
    this.resentLocks += 1;
    return this.inner.lockCredential(credentialId, lock, nowMs);
  }
  override async writeCredential(credentialId: string, write: CredentialWrite): Promise<CredentialWriteResult> {
    const first = await this.inner.writeCredential(credentialId, write);
    if (!first.applied || this.resend !== 'settling' || this.resentCredentialWrites > 0) return first;
    this.resentCredentialWrites += 1;
    return this.inner.writeCredential(credentialId, write);
  }
}

/**
 * Every lock release after a failed method fails with {@link StoreUnavailableError}
 * (a store outage, or a role without the permission): `releaseCredential`, and the
 * grant `put` that records the method's error (the only one setting `lastError`).
 */
export class ReleaseFailingStore extends DelegatingGrantStore {
  override async put(record: GrantRecord, expected: GrantPutExpectation): Promise<GrantWriteResult> {
    if (record.lastError !== undefined) throw new StoreUnavailableError();
    return this.inner.put(record, expected);
  }
  override async releaseCredential(): Promise<boolean> {
    throw new StoreUnavailableError();
  }
}
