import { capabilityDecorator, type CapabilityDecorator } from './capability-metadata';
import { Capability } from './constants';
import type { ListAccessMethod } from './method-signatures';

/**
 * Marks the method that lists the access that exists now in the application, for
 * one resource type: what reconcile (`apono-lambda-kit:reconcile`) checks the grant
 * ledger against. Optional; without it the reconcile event fails with
 * UnsupportedEventError. Return an array, or an async iterable to page through a
 * large application's API.
 *
 * @example
 * ```ts
 * @ListAccess()
 * async *memberships(req: ListAccessRequest<PortalParams>) {
 *   for await (const m of this.portal.allMemberships(req.resourceType)) {
 *     yield { username: m.email, resources: [m.projectId], permission: m.role, grantId: m.grantId };
 *   }
 * }
 * ```
 */
export function ListAccess(): CapabilityDecorator<ListAccessMethod> {
  return capabilityDecorator<ListAccessMethod>(Capability.ListAccess);
}
