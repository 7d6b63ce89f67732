import { capabilityDecorator, type CapabilityDecorator } from './capability-metadata';
import { Capability } from './constants';
import type { DeleteCredentialsMethod } from './method-signatures';

/**
 * Marks the method that answers `delete-credentials` (Apono's user clean-up after revocation).
 * Without it, the event fails with a clear error rather than a fake success.
 *
 * @example
 * ```ts
 * @DeleteCredentials()
 * async remove(req: CredentialsRequest<PortalParams>) {
 *   await this.portal.deleteToken(req.username);
 * }
 * ```
 */
export function DeleteCredentials(): CapabilityDecorator<DeleteCredentialsMethod> {
  return capabilityDecorator<DeleteCredentialsMethod>(Capability.DeleteCredentials);
}
