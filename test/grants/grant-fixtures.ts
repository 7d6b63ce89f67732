/** Shared fixtures of the grant tests: intents, a movable clock, locks, seeded records (store wrappers: store-wrappers.ts). */
import { randomUUID } from 'node:crypto';
import type { CredentialWrite, GrantStore } from '../../src/grants/grant-store';
import { type CredentialRecord, type GrantIntent, type GrantRecord, type GrantStatus, hashGrantPayload } from '../../src/grants/records';

/** Makes a fresh, empty store for one test. */
export type StoreFactory = () => Promise<GrantStore>;

export const LOCK_MS = 30_000;
export const START_MS = Date.UTC(2025, 0, 1);

/** An intent with a unique grant_id. */
export function anIntent(overrides: Partial<GrantIntent> = {}): GrantIntent {
  return {
    grantId: `grant-${randomUUID()}`,
    username: 'ada@example.com',
    resourceType: 'project',
    resources: ['project-b', 'project-a'],
    permission: 'reader',
    ...overrides,
  };
}

/** A clock the test moves by hand. */
export class TestClock {
  nowMs = START_MS;
  readonly now = (): number => this.nowMs;
  advance(ms: number): void {
    this.nowMs += ms;
  }
  /** A lock for `owner` that lives LOCK_MS from now. */
  lock(owner: string = `req-${randomUUID()}`, remainingMs: number = LOCK_MS): { owner: string; expiresAtMs: number } {
    return { owner, expiresAtMs: this.nowMs + remainingMs };
  }
}

/** A promise the test settles by hand (to hold a method "running"). */
export function deferred<T = void>(): { promise: Promise<T>; resolve(value: T): void; reject(err: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Writes a record in `status` directly through the store (as if an earlier invocation left it so). */
export async function seedRecord(
  store: GrantStore,
  intent: GrantIntent,
  status: GrantStatus,
  options: { atMs?: number; lockExpiresAtMs?: number; data?: Record<string, unknown> } = {},
): Promise<GrantRecord> {
  const atMs = options.atMs ?? START_MS;
  const result = await store.put({
    grantId: intent.grantId,
    username: intent.username,
    resourceType: intent.resourceType,
    resources: [...intent.resources],
    permission: intent.permission,
    payloadHash: hashGrantPayload(intent),
    status,
    createdAtMs: atMs,
    updatedAtMs: atMs,
    ...(options.lockExpiresAtMs === undefined ? {} : { lockOwner: 'crashed-invocation', lockExpiresAtMs: options.lockExpiresAtMs }),
    ...(options.data === undefined ? {} : { data: options.data }),
    history: [{ to: status, atMs, by: 'seed' }],
    version: 1,
  }, { absent: true });
  if (!result.applied) throw new Error('seedRecord: record already exists');
  return result.record;
}

/** Records one credential event directly through the store: takes the lock, then writes (as the ledger does). */
export async function recordCredentialEvent(
  store: GrantStore,
  credentialId: string,
  write: Omit<CredentialWrite, 'lockOwner'>,
): Promise<CredentialRecord> {
  const owner = `fixture-${randomUUID()}`;
  const locked = await store.lockCredential(credentialId, { owner, expiresAtMs: START_MS + 1_000 }, START_MS);
  if (!locked.locked) throw new Error('recordCredentialEvent: credentials locked');
  const result = await store.writeCredential(credentialId, { ...write, lockOwner: owner });
  if (!result.applied) throw new Error('recordCredentialEvent: lock lost');
  return result.record;
}

/** A store outage, as the SDK would report one. */
export class StoreUnavailableError extends Error {
  constructor() {
    super('store unavailable (injected)');
    this.name = 'StoreUnavailableError';
  }
}
