import type { Invocation } from '../bootstrap/invocation';
import type { AccessEntry, CredentialsRequest, GrantRequest, ListAccessRequest, ListResourcesRequest, RevokeRequest, StatusRequest } from '../protocol/requests';
import type { CredentialsResult, GrantResult, ListResourcesResult } from '../protocol/types';
import type { GrantDataOf, RevokedGrantDataOf } from '../integration';
import type { Capability } from './capability-table';

type MaybePromise<T> = T | Promise<T>;

// The method types take `never` custom parameters and resource type, so a method typed with any fits.

/**
 * The signature of a `@ListResources` method.
 * @example const list: ListResourcesMethod = async (req: ListResourcesRequest<PortalParams>) => ({ resources: await portal.projects(), permissions });
 */
export type ListResourcesMethod = (req: ListResourcesRequest<never, never>, invocation: Invocation) => MaybePromise<ListResourcesResult>;
/**
 * The signature of a `@Grant` method.
 * @example const grant: GrantMethod = async (req: GrantRequest<PortalParams>) => ({ data: { ids: await portal.addMember(req.username, req.resources) } });
 */
export type GrantMethod<D = Record<string, unknown>> = (req: GrantRequest<never, never>, invocation: Invocation) => MaybePromise<GrantResult<D> | void>;
/**
 * The signature of a `@Revoke` method.
 * @example const revoke: RevokeMethod = async (req: RevokeRequest<PortalParams, { ids: string[] }>) => portal.remove(req.grant?.data?.ids ?? []);
 */
export type RevokeMethod<D = never> = (req: RevokeRequest<never, D, never>, invocation: Invocation) => MaybePromise<void | unknown>;
/**
 * The signature of a `@CreateCredentials` or `@ResetCredentials` method.
 * @example const issue: IssueCredentialsMethod = async (req: CredentialsRequest<PortalParams>) => ({ secret: await portal.newToken(req.username) });
 */
export type IssueCredentialsMethod = (req: CredentialsRequest<never, never>, invocation: Invocation) => MaybePromise<CredentialsResult>;
/**
 * The signature of a `@DeleteCredentials` method.
 * @example const remove: DeleteCredentialsMethod = async (req: CredentialsRequest<PortalParams>) => portal.deleteToken(req.username);
 */
export type DeleteCredentialsMethod = (req: CredentialsRequest<never, never>, invocation: Invocation) => MaybePromise<void | unknown>;
/**
 * The signature of a `@GetStatus` method: it throws when the integration is not healthy.
 * @example const status: GetStatusMethod = async (req: StatusRequest<PortalParams>, { signal }) => portal.ping({ signal });
 */
export type GetStatusMethod = (req: StatusRequest<never>, invocation: Invocation) => MaybePromise<void | unknown>;
/** The signature of a `@ListResourceTags` method: its answer is sent as is. @example const tags: ListResourceTagsMethod = () => ({ tags: ['environment', 'owner'] }); */
export type ListResourceTagsMethod = (req: StatusRequest<never>, invocation: Invocation) => MaybePromise<Record<string, unknown>>;
/**
 * The signature of a `@ListAccess` method: the access that exists now, as an array or an async iterable.
 * @example const list: ListAccessMethod = async (req: ListAccessRequest<PortalParams>) => portal.memberships(req.resourceType);
 */
export type ListAccessMethod = (
  req: ListAccessRequest<never, never>,
  invocation: Invocation,
) => MaybePromise<Iterable<AccessEntry> | AsyncIterable<AccessEntry>>;

/** One decorated method. No resource types: the fallback for every other type. */
export interface CapabilityMethod {
  capability: Capability;
  methodName: string;
  resourceTypes: readonly string[];
}

// On the constructor under a string key, not on the function: see docs/capabilities.md#decorator-metadata.
const METADATA_KEY = 'apono-lambda-kit:capabilities';

/**
 * A method decorator, typed so that a method with the wrong signature does not compile.
 * @example const decorate: CapabilityDecorator<ListResourcesMethod> = ListResources('table');
 */
export type CapabilityDecorator<M> = <T extends M>(target: object, methodName: string | symbol, descriptor: TypedPropertyDescriptor<T>) => void;

/** `@Grant()`'s type: the method's `data` must be the class's `D` (`Integration<P, D>`). @example const decorate: GrantDecorator = Grant('table'); */
export type GrantDecorator = <T extends object, M extends GrantMethod<GrantDataOf<T>>>(
  target: T, methodName: string | symbol, descriptor: TypedPropertyDescriptor<M>) => void;

/** `@Revoke()`'s type: `req.grant.data` is the class's `D` (`Integration<P, D>`). @example const decorate: RevokeDecorator = Revoke('table'); */
export type RevokeDecorator = <T extends object, M extends RevokeMethod<RevokedGrantDataOf<T>>>(
  target: T, methodName: string | symbol, descriptor: TypedPropertyDescriptor<M>) => void;

/** Makes the decorator for one capability. It only records; `defineIntegration` checks at init. */
export function capabilityDecorator<M>(capability: Capability, resourceTypes: readonly string[] = []): CapabilityDecorator<M> {
  const types = [...resourceTypes];
  return (target, methodName) => {
    if (typeof methodName === 'object' && methodName !== null && 'kind' in methodName) {
      // A TC39 standard decorator call (value, context): compiled without experimentalDecorators.
      throw new TypeError(
        `@${capability} was applied as a standard decorator: apono-lambda-kit's decorators (like tsyringe's and class-validator's) ` +
          'need "experimentalDecorators": true and "emitDecoratorMetadata": true in tsconfig.json compilerOptions.',
      );
    }
    if (typeof methodName !== 'string') throw new TypeError(`@${capability} needs a method with a string name`);
    for (const type of types) {
      if (typeof type !== 'string' || type.length === 0) throw new TypeError(`@${capability} on ${methodName}: resource types must be non-empty strings`);
    }
    const owner = target.constructor;
    const own: CapabilityMethod[] = Reflect.getOwnMetadata(METADATA_KEY, owner) ?? [];
    Reflect.defineMetadata(METADATA_KEY, [...own, { capability, methodName, resourceTypes: types }], owner);
  };
}

/**
 * The capability methods of a class and its bases; an overridden method counts once, with the subclass's decorators.
 * @example readCapabilityMethods(PortalIntegration); // [{ capability: 'Grant', methodName: 'grant', resourceTypes: [] }, …]
 */
export function readCapabilityMethods(cls: abstract new (...args: never[]) => unknown): CapabilityMethod[] {
  const result: CapabilityMethod[] = [];
  const claimed = new Set<string>();
  for (let current: unknown = cls; typeof current === 'function' && current !== Function.prototype; current = Object.getPrototypeOf(current)) {
    const own: CapabilityMethod[] = Reflect.getOwnMetadata(METADATA_KEY, current as object) ?? [];
    result.push(...own.filter((m) => !claimed.has(m.methodName)));
    for (const m of own) claimed.add(m.methodName);
  }
  return result;
}

// The decorators take the resource types they handle; none: the fallback. See docs/capabilities.md#dispatch.

/**
 * Marks the method that answers `list-resources` for its resource types (none: all others). Required.
 * The framework fills each resource's `type` and checks the answer: see docs/capabilities.md#answers.
 * @example `@ListResources('schema') async schemas(req: ListResourcesRequest<DbParams>) { return { resources: await this.db.schemas(), permissions }; }`
 */
export function ListResources(...resourceTypes: string[]): CapabilityDecorator<ListResourcesMethod> {
  return capabilityDecorator<ListResourcesMethod>('ListResources', resourceTypes);
}

/**
 * Marks the method that answers `grant-access`. Required, with a `@Revoke` for the same resource types.
 * Runs at most once per grant_id; the `data` it returns is handed to `@Revoke`.
 * @example `@Grant('table') async grantTable(req: GrantRequest<DbParams>) { return { data: { role: await this.db.grantSelect(req.username, req.resources) } }; }`
 */
export function Grant(...resourceTypes: string[]): GrantDecorator {
  return capabilityDecorator<GrantMethod>('Grant', resourceTypes) as GrantDecorator;
}

/**
 * Marks the method that answers `revoke-access`. Required wherever a `@Grant` is.
 * `req.grant` is the grant's record, or undefined for a grant_id never seen.
 * @example `@Revoke('table') async revokeTable(req: RevokeRequest<DbParams, { role: string }>) { if (req.grant?.data) await this.db.dropRole(req.grant.data.role); }`
 */
export function Revoke(...resourceTypes: string[]): RevokeDecorator {
  return capabilityDecorator<RevokeMethod>('Revoke', resourceTypes) as RevokeDecorator;
}

/**
 * Marks the method that answers `create-credentials`: it returns `{ secret }`, sent to Apono only.
 * Without it, create and reset fail with UnsupportedEventError.
 * @example `@CreateCredentials() async create(req: CredentialsRequest<PortalParams>) { return { secret: await this.portal.newToken(req.username) }; }`
 */
export function CreateCredentials(...resourceTypes: string[]): CapabilityDecorator<IssueCredentialsMethod> {
  return capabilityDecorator<IssueCredentialsMethod>('CreateCredentials', resourceTypes);
}

/**
 * Marks the method that answers `reset-credentials` (Apono's rotation): it returns the new `{ secret }`.
 * @example `@ResetCredentials() async reset(req: CredentialsRequest<PortalParams>) { return { secret: await this.portal.rotateToken(req.username) }; }`
 */
export function ResetCredentials(...resourceTypes: string[]): CapabilityDecorator<IssueCredentialsMethod> {
  return capabilityDecorator<IssueCredentialsMethod>('ResetCredentials', resourceTypes);
}

/**
 * Marks the method that answers `delete-credentials` (user clean-up). Declare it if you issue credentials:
 * without it the event answers `{status:"active"}` with a warning, and the credentials stay alive.
 * @example `@DeleteCredentials() async remove(req: CredentialsRequest<PortalParams>) { await this.portal.deleteToken(req.username); }`
 */
export function DeleteCredentials(...resourceTypes: string[]): CapabilityDecorator<DeleteCredentialsMethod> {
  return capabilityDecorator<DeleteCredentialsMethod>('DeleteCredentials', resourceTypes);
}

/**
 * Marks the method that lists the access that exists now, for reconcile to check the ledger against.
 * Optional. Return an array, or an async iterable to page. See docs/capabilities.md#reconcile.
 * @example `@ListAccess() async access(req: ListAccessRequest<PortalParams>) { return this.portal.memberships(req.resourceType); }`
 */
export function ListAccess(...resourceTypes: string[]): CapabilityDecorator<ListAccessMethod> {
  return capabilityDecorator<ListAccessMethod>('ListAccess', resourceTypes);
}

/**
 * Marks the method that answers `get-status`: it throws when the integration cannot work.
 * Without it, get-status answers `{status:"active"}`.
 * @example `@GetStatus() async status(req: StatusRequest<PortalParams>) { await this.portal.ping(); }`
 */
export function GetStatus(): CapabilityDecorator<GetStatusMethod> {
  return capabilityDecorator<GetStatusMethod>('GetStatus');
}

/**
 * Marks the method that answers `list-resources-tags`; its object is sent as is. Without it: `{status:"active"}`.
 * @example `@ListResourceTags() async tags() { return { tags: ['environment', 'owner'] }; }`
 */
export function ListResourceTags(): CapabilityDecorator<ListResourceTagsMethod> {
  return capabilityDecorator<ListResourceTagsMethod>('ListResourceTags');
}
