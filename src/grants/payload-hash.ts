import type * as NodeCrypto from 'node:crypto';
import type { GrantIntent } from './types/grant-record';
import type { CredentialKey } from './types/credential-record';

/** Loaded on first hash: `node:crypto` costs ~3 ms of cold start that list-resources never needs. */
let createHash: typeof NodeCrypto.createHash | undefined;

/**
 * Hex sha256 of a canonical JSON array. JSON (not joined strings) keeps fields
 * apart: `['a,b']` and `['a', 'b']` hash differently.
 */
function sha256OfJson(value: unknown): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  createHash ??= (require('node:crypto') as typeof NodeCrypto).createHash;
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** A sorted copy: resource order carries no meaning in the protocol. */
function sortedResources(resources: readonly string[]): string[] {
  return [...resources].sort();
}

/**
 * The hash of what a grant_id grants: (username, resourceType, sorted resources,
 * permission). Equal hashes tell a replay from a conflicting reuse of a grant_id.
 *
 * @example
 * ```ts
 * hashGrantPayload({ grantId: 'g-1', username: 'a@x.io', resourceType: 'project', resources: ['b', 'a'], permission: 'reader' })
 *   === hashGrantPayload({ grantId: 'g-1', username: 'a@x.io', resourceType: 'project', resources: ['a', 'b'], permission: 'reader' }); // true
 * ```
 */
export function hashGrantPayload(intent: Omit<GrantIntent, 'grantId'>): string {
  return sha256OfJson(['grant/v1', intent.username, intent.resourceType, sortedResources(intent.resources), intent.permission]);
}

/**
 * The id of the credential record of (username, resourceType, sorted resources).
 *
 * @example
 * ```ts
 * const record = await store.getCredential(credentialIdFor({ username: 'a@x.io', resourceType: 'db', resources: ['db-1'] }));
 * ```
 */
export function credentialIdFor(key: CredentialKey): string {
  return sha256OfJson(['credential/v1', key.username, key.resourceType, sortedResources(key.resources)]);
}
