import { capabilityDecorator, type CapabilityDecorator } from './capability-metadata';
import { Capability } from './constants';
import type { ListResourceTagsMethod } from './method-signatures';

/**
 * Marks the method that answers `list-resources-tags`. The protocol does not document this
 * answer, so what the method returns is sent as is. Without it, the event answers `{status:'active'}`.
 *
 * @example
 * ```ts
 * @ListResourceTags()
 * async tags() {
 *   return { tags: ['environment', 'owner'] };
 * }
 * ```
 */
export function ListResourceTags(): CapabilityDecorator<ListResourceTagsMethod> {
  return capabilityDecorator<ListResourceTagsMethod>(Capability.ListResourceTags);
}
