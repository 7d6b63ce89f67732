import { capabilityDecorator, type CapabilityDecorator } from './capability-metadata';
import { Capability } from './constants';
import type { IssueCredentialsMethod } from './method-signatures';

/**
 * Marks the method that answers `reset-credentials` (Apono's credential rotation): it returns
 * the new `{ secret }`.
 *
 * @example
 * ```ts
 * @ResetCredentials()
 * async reset(req: CredentialsRequest<PortalParams>) {
 *   return { secret: await this.portal.rotateToken(req.username) };
 * }
 * ```
 */
export function ResetCredentials(): CapabilityDecorator<IssueCredentialsMethod> {
  return capabilityDecorator<IssueCredentialsMethod>(Capability.ResetCredentials);
}
