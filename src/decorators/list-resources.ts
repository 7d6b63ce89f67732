import { capabilityDecorator, type CapabilityDecorator } from './capability-metadata';
import { Capability } from './constants';
import type { ListResourcesMethod } from './method-signatures';

/**
 * Marks the method that answers `list-resources`: the resources of one resource type and the
 * permissions that can be granted on them. Required, exactly once. The framework fills each
 * resource's `type`, checks ids and metadata, and the answer size.
 *
 * @example
 * ```ts
 * @ListResources()
 * async projects(req: ListResourcesRequest<PortalParams>) {
 *   return { resources: [{ id: 'proj-1', name: 'Billing', metadata: { env: 'prod' } }],
 *            permissions: [{ id: 'reader', name: 'Reader' }] };
 * }
 * ```
 */
export function ListResources(): CapabilityDecorator<ListResourcesMethod> {
  return capabilityDecorator<ListResourcesMethod>(Capability.ListResources);
}
