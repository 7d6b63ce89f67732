import { capabilityDecorator, type CapabilityDecorator } from './capability-metadata';
import { Capability } from './constants';
import type { IssueCredentialsMethod } from './method-signatures';

/**
 * Marks the method that answers `create-credentials`: it returns `{ secret }`, which goes to
 * Apono only (never to logs or the store). Without it, credential events fail with a clear error.
 *
 * @example
 * ```ts
 * @CreateCredentials()
 * async create(req: CredentialsRequest<PortalParams>) {
 *   return { secret: await this.portal.newToken(req.username) };
 * }
 * ```
 */
export function CreateCredentials(): CapabilityDecorator<IssueCredentialsMethod> {
  return capabilityDecorator<IssueCredentialsMethod>(Capability.CreateCredentials);
}
