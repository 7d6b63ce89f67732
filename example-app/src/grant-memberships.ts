import type { AddedMembership, PortalMembership } from './portal-client';

/**
 * Which portal memberships belong to an Apono grant: the rule that makes a
 * revoke remove exactly what its grant added.
 *
 * The portal keeps one membership per grant (tagged with the grant_id), so a
 * grant's membership is never one a person already held, nor another grant's.
 * The integration still checks the answers it gets rather than trusting them:
 * a portal that ignored the tag (an older version) would answer an existing
 * membership with 200, and recording or removing that one would take away
 * access Apono never gave.
 */

/**
 * True when the grant owns what an add answered: this call created it (201),
 * or it carries the grant's tag (an earlier attempt of the same grant created
 * it, and this retry found it).
 *
 * @example
 * ```ts
 * if (isOwnedByGrant(await portal.addMembership(target, { ...membership, grantId }), grantId)) recorded.push(added.membership.id);
 * ```
 */
export function isOwnedByGrant(added: AddedMembership, grantId: string): boolean {
  return added.created || added.membership.grantId === grantId;
}

/**
 * The memberships tagged with the grant's id, out of a lookup: what a revoke
 * without a record may remove. Filtered here as well as in the portal's query,
 * so a portal that ignored the `grantId` filter still cannot make the revoke
 * remove a hand-added membership or another grant's.
 *
 * @example
 * ```ts
 * const ids = taggedWithGrant(await portal.findMemberships(target, { username, projectId, role, grantId }), grantId).map((m) => m.id);
 * ```
 */
export function taggedWithGrant(found: readonly PortalMembership[], grantId: string): PortalMembership[] {
  return found.filter((membership) => membership.grantId === grantId);
}

/**
 * The prefix of the grant_ids reconcile gives its revokes of access that no grant
 * record accounts for (`bootstrap(…, { reconcile: { revokeUnrecorded: true } })`),
 * and the tombstones it keeps of them. The framework's `RECONCILE_GRANT_ID_PREFIX`,
 * which its package root does not export (test/reconcile-revoke.test.ts checks
 * they are the same).
 */
export const RECONCILE_TOMBSTONE_PREFIX = 'apono-lambda-kit:reconcile:';

/**
 * True for a revoke reconcile makes of access no grant created: a membership
 * added by hand. Such a revoke carries a grant_id of reconcile's own, which no
 * membership is tagged with, so the tag rule alone would remove nothing.
 *
 * @example
 * ```ts
 * isRevokeOfUnrecordedAccess('apono-lambda-kit:reconcile:3f…:1'); // true
 * ```
 */
export function isRevokeOfUnrecordedAccess(grantId: string): boolean {
  return grantId.startsWith(RECONCILE_TOMBSTONE_PREFIX);
}

/**
 * The memberships added by hand (no grant tag), out of a lookup: all that
 * reconcile's revoke of unrecorded access removes. A tagged membership belongs to
 * a grant (one maybe landing right now), so it is left to that grant's revoke.
 *
 * @example
 * ```ts
 * const ids = addedByHand(await portal.findMemberships(target, { username, projectId, role })).map((m) => m.id);
 * ```
 */
export function addedByHand(found: readonly PortalMembership[]): PortalMembership[] {
  return found.filter((membership) => membership.grantId === undefined);
}
