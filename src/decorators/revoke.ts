import { capabilityDecorator, type CapabilityDecorator } from './capability-metadata';
import { Capability } from './constants';
import type { RevokeMethod } from './method-signatures';

/**
 * Marks the method that answers `revoke-access`. Required, exactly once. Receives the grant's
 * tracked record as `req.grant` (undefined for a grant_id never seen: then work from the request).
 *
 * @example
 * ```ts
 * @Revoke()
 * async revoke(req: RevokeRequest<PortalParams, { membershipIds: string[] }>) {
 *   await this.portal.removeMemberships(req.grant?.data?.membershipIds ?? []);
 * }
 * ```
 */
export function Revoke(): CapabilityDecorator<RevokeMethod> {
  return capabilityDecorator<RevokeMethod>(Capability.Revoke);
}
