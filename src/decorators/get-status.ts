import { capabilityDecorator, type CapabilityDecorator } from './capability-metadata';
import { Capability } from './constants';
import type { GetStatusMethod } from './method-signatures';

/**
 * Marks the method that answers `get-status`: it throws when the integration cannot work (the
 * application is unreachable, say). Without it, get-status answers `{status:'active'}`.
 *
 * @example
 * ```ts
 * @GetStatus()
 * async status(req: StatusRequest<PortalParams>) {
 *   await this.portal.ping();
 * }
 * ```
 */
export function GetStatus(): CapabilityDecorator<GetStatusMethod> {
  return capabilityDecorator<GetStatusMethod>(Capability.GetStatus);
}
