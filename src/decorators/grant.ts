import type { GrantDataOf } from '../integration';
import { capabilityDecorator } from './capability-metadata';
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
export function Grant(): GrantDecorator {
  return capabilityDecorator<GrantMethod>(Capability.Grant) as GrantDecorator;
}

/**
 * `@Grant()`'s type: the method's `data` must be the class's `D` (`Integration<P, D>`).
 *
 * @example
 * ```ts
 * const decorate: GrantDecorator = Grant();
 * ```
 */
export type GrantDecorator = <T extends object, M extends GrantMethod<GrantDataOf<T>>>(
  target: T, methodName: string | symbol, descriptor: TypedPropertyDescriptor<M>) => void;
