import { capabilityDecorator, type CapabilityDecorator } from './capability-metadata';
import { Capability } from './constants';
import type { DeleteCredentialsMethod } from './method-signatures';

/**
 * Marks the method that answers `delete-credentials` (Apono's user clean-up after revocation).
 * Without it, the event answers Apono's sample answer for unhandled events,
 * `{status:"active"}` (not `ok`: nothing was deleted), and logs a warning. An
 * integration that issues credentials should declare it, or clean-up leaves them alive.
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
