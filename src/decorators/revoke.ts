import type { RevokedGrantDataOf } from '../integration';
import { capabilityDecorator } from './capability-metadata';
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
export function Revoke(): RevokeDecorator {
  return capabilityDecorator<RevokeMethod>(Capability.Revoke) as RevokeDecorator;
}

/**
 * `@Revoke()`'s type: `req.grant.data` is the class's `D` (`Integration<P, D>`), so
 * the method takes a `RevokeRequest<P, D>`.
 *
 * @example
 * ```ts
 * const decorate: RevokeDecorator = Revoke();
 * ```
 */
export type RevokeDecorator = <T extends object, M extends RevokeMethod<RevokedGrantDataOf<T>>>(
  target: T, methodName: string | symbol, descriptor: TypedPropertyDescriptor<M>) => void;
