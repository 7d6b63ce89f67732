import { capabilityDecorator, type CapabilityDecorator } from './capability-metadata';
import { Capability } from './constants';
import type { GrantMethod } from './method-signatures';

/**
 * Marks the method that answers `grant-access`. Required, exactly once. Runs at most once per
 * grant_id (replays and concurrent duplicates are answered from the grant record); what it
 * returns as `data` is kept and handed to the `@Revoke` method.
 *
 * @example
 * ```ts
 * @Grant()
 * async grant(req: GrantRequest<PortalParams>) {
 *   return { data: { membershipIds: await this.portal.addMember(req.username, req.resources, req.permission) } };
 * }
 * ```
 */
export function Grant(): CapabilityDecorator<GrantMethod> {
  return capabilityDecorator<GrantMethod>(Capability.Grant);
}
