import type { Invocation } from '../bootstrap/invocation';
import type { AccessEntry, CredentialsRequest, GrantRequest, ListAccessRequest, ListResourcesRequest, RevokeRequest, StatusRequest } from '../protocol/requests';
import type { CredentialsResult, GrantResult, ListResourcesResult } from '../protocol/types';
import type { GrantDataOf, RevokedGrantDataOf } from '../integration';
import type { Capability } from './capability-table';

// `never` custom parameters and resource type: a method typed with any custom parameters
// class, and any resource type union (`GrantRequest<P, 'table'>`), fits.
type MaybePromise<T> = T | Promise<T>;

/**
 * The signature a `@ListResources` method must have.
 *
 * @example
 * ```ts
 * const projects: ListResourcesMethod = async (req: ListResourcesRequest<PortalParams>) => ({
 *   resources: await portal.projects(),
 *   permissions: [{ id: 'reader', name: 'Reader' }],
 * });
 * ```
 */
export type ListResourcesMethod = (req: ListResourcesRequest<never, never>, invocation: Invocation) => MaybePromise<ListResourcesResult>;
/**
 * The signature a `@Grant` method must have.
 *
 * @example
 * ```ts
 * const grant: GrantMethod = async (req: GrantRequest<PortalParams>) => ({
 *   data: { membershipIds: await portal.addMember(req.username, req.resources, req.permission) },
 * });
 * ```
 */
export type GrantMethod<D = Record<string, unknown>> = (req: GrantRequest<never, never>, invocation: Invocation) => MaybePromise<GrantResult<D> | void>;
/**
 * The signature a `@Revoke` method must have.
 *
 * @example
 * ```ts
 * const revoke: RevokeMethod = async (req: RevokeRequest<PortalParams, { membershipIds: string[] }>) => {
 *   await portal.removeMemberships(req.grant?.data?.membershipIds ?? []);
 * };
 * ```
 */
export type RevokeMethod<D = never> = (req: RevokeRequest<never, D, never>, invocation: Invocation) => MaybePromise<void | unknown>;
/**
 * The signature a `@CreateCredentials` / `@ResetCredentials` method must have.
 * @example const issue: IssueCredentialsMethod = async (req: CredentialsRequest<PortalParams>) => ({ secret: await portal.newToken(req.username) });
 */
export type IssueCredentialsMethod = (req: CredentialsRequest<never, never>, invocation: Invocation) => MaybePromise<CredentialsResult>;
/**
 * The signature a `@DeleteCredentials` method must have.
 *
 * @example
 * ```ts
 * const remove: DeleteCredentialsMethod = async (req: CredentialsRequest<PortalParams>) => {
 *   await portal.deleteToken(req.username);
 * };
 * ```
 */
export type DeleteCredentialsMethod = (req: CredentialsRequest<never, never>, invocation: Invocation) => MaybePromise<void | unknown>;
/**
 * The signature a `@GetStatus` method must have: it throws when the integration is not healthy.
 *
 * @example
 * ```ts
 * const status: GetStatusMethod = async (req: StatusRequest<PortalParams>, { signal }) => {
 *   const res = await fetch(new URL('/health', req.customParameters.base_url), { signal });
 *   if (!res.ok) throw new Error(`portal health check answered ${res.status}`);
 * };
 * ```
 */
export type GetStatusMethod = (req: StatusRequest<never>, invocation: Invocation) => MaybePromise<void | unknown>;
/**
 * The signature a `@ListResourceTags` method must have: its answer is sent as is (the protocol leaves it undocumented).
 * @example const tags: ListResourceTagsMethod = () => ({ tags: ['environment', 'owner'] });
 */
export type ListResourceTagsMethod = (req: StatusRequest<never>, invocation: Invocation) => MaybePromise<Record<string, unknown>>;
/**
 * The signature a `@ListAccess` method must have: the access that exists now, as an array or an async iterable.
 *
 * @example
 * ```ts
 * const listAccess: ListAccessMethod = async (req: ListAccessRequest<PortalParams>) =>
 *   (await portal.memberships(req.resourceType)).map((m) => ({ username: m.email, resources: [m.projectId], permission: m.role }));
 * ```
 */
export type ListAccessMethod = (
  req: ListAccessRequest<never, never>,
  invocation: Invocation,
) => MaybePromise<Iterable<AccessEntry> | AsyncIterable<AccessEntry>>;

/** One decorated method: which capability, on which method name, for which resource types (none: the fallback). */
export interface CapabilityMethod {
  capability: Capability;
  methodName: string;
  /** The resource types the method handles; empty for the fallback that handles every other one. */
  resourceTypes: readonly string[];
}

/**
 * Metadata lives on the class constructor under a string key, not on the method
 * function: another decorator may replace the function, and a string key (in the
 * one global reflect-metadata registry) is shared by two bundled copies of this package.
 */
const METADATA_KEY = 'apono-lambda-kit:capabilities';

/**
 * A method decorator, typed so that a method with the wrong signature does not compile.
 *
 * @example
 * ```ts
 * const decorate: CapabilityDecorator<ListResourcesMethod> = ListResources('table');
 * // `@ListResources() async list(count: number) {}` fails to compile: number is no ListResourcesRequest.
 * ```
 */
export type CapabilityDecorator<M> = <T extends M>(target: object, methodName: string | symbol, descriptor: TypedPropertyDescriptor<T>) => void;

/**
 * `@Grant()`'s type: the method's `data` must be the class's `D` (`Integration<P, D>`).
 * @example const decorate: GrantDecorator = Grant('table');
 */
export type GrantDecorator = <T extends object, M extends GrantMethod<GrantDataOf<T>>>(
  target: T, methodName: string | symbol, descriptor: TypedPropertyDescriptor<M>) => void;

/**
 * `@Revoke()`'s type: `req.grant.data` is the class's `D` (`Integration<P, D>`), so
 * the method takes a `RevokeRequest<P, D>`.
 * @example const decorate: RevokeDecorator = Revoke('table');
 */
export type RevokeDecorator = <T extends object, M extends RevokeMethod<RevokedGrantDataOf<T>>>(
  target: T, methodName: string | symbol, descriptor: TypedPropertyDescriptor<M>) => void;

/**
 * Makes the decorator for one capability. Decorators only record; `bootstrap`
 * reads the records once, at init, and checks them (see `defineIntegration`).
 */
export function capabilityDecorator<M>(capability: Capability, resourceTypes: readonly string[] = []): CapabilityDecorator<M> {
  const types = [...resourceTypes];
  return (target, methodName) => {
    if (typeof methodName === 'object' && methodName !== null && 'kind' in methodName) {
      // TypeScript's standard (TC39) decorators call (value, context): the project compiles without experimentalDecorators.
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
 * The capability methods of a class, its own and inherited ones. A method
 * overridden in a subclass counts once, with the subclass's decorators.
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

// The decorators. Those of capabilities whose events carry a resource type take the
// resource types they handle: `@Grant('table')` answers grants on tables only, and a
// method without any is the fallback for every other resource type. Dispatch picks the
// method of the request's resource type, else the fallback, else UnsupportedEventError.

/**
 * Marks a method that answers `list-resources`: the resources of one resource type and the
 * permissions that can be granted on them. Required (for every resource type, or as the
 * fallback). The framework fills each resource's `type`, checks ids and metadata, and the
 * answer size; when the class declares `static resourceTypes`, it fills the permissions too.
 *
 * @example
 * ```ts
 * @ListResources('schema')
 * async schemas(req: ListResourcesRequest<DbParams>) {
 *   return { resources: (await this.db.schemas()).map((s) => ({ id: s, name: s })) };
 * }
 * ```
 */
export function ListResources(...resourceTypes: string[]): CapabilityDecorator<ListResourcesMethod> {
  return capabilityDecorator<ListResourcesMethod>('ListResources', resourceTypes);
}

/**
 * Marks a method that answers `grant-access`. Required (for every resource type, or as the
 * fallback), with a `@Revoke` for the same resource types. Runs at most once per grant_id
 * (replays and concurrent duplicates are answered from the grant record); what it returns as
 * `data` is kept and handed to the `@Revoke` method.
 *
 * @example
 * ```ts
 * @Grant('table')
 * async grantTable(req: GrantRequest<DbParams>) {
 *   return { data: { role: await this.db.grantSelect(req.username, req.resources) } };
 * }
 * ```
 */
export function Grant(...resourceTypes: string[]): GrantDecorator {
  return capabilityDecorator<GrantMethod>('Grant', resourceTypes) as GrantDecorator;
}

/**
 * Marks a method that answers `revoke-access`. Required wherever a `@Grant` is. Receives the
 * grant's tracked record as `req.grant` (undefined for a grant_id never seen: then work from
 * the request).
 *
 * @example
 * ```ts
 * @Revoke('table')
 * async revokeTable(req: RevokeRequest<DbParams, { role: string }>) {
 *   if (req.grant?.data) await this.db.dropRole(req.grant.data.role);
 * }
 * ```
 */
export function Revoke(...resourceTypes: string[]): RevokeDecorator {
  return capabilityDecorator<RevokeMethod>('Revoke', resourceTypes) as RevokeDecorator;
}

/**
 * Marks a method that answers `create-credentials`: it returns `{ secret }`, which goes to
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
export function CreateCredentials(...resourceTypes: string[]): CapabilityDecorator<IssueCredentialsMethod> {
  return capabilityDecorator<IssueCredentialsMethod>('CreateCredentials', resourceTypes);
}

/**
 * Marks a method that answers `reset-credentials` (Apono's credential rotation): it returns
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
export function ResetCredentials(...resourceTypes: string[]): CapabilityDecorator<IssueCredentialsMethod> {
  return capabilityDecorator<IssueCredentialsMethod>('ResetCredentials', resourceTypes);
}

/**
 * Marks a method that answers `delete-credentials` (Apono's user clean-up after revocation).
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
export function DeleteCredentials(...resourceTypes: string[]): CapabilityDecorator<DeleteCredentialsMethod> {
  return capabilityDecorator<DeleteCredentialsMethod>('DeleteCredentials', resourceTypes);
}

/**
 * Marks a method that lists the access that exists now in the application, for one
 * resource type: what reconcile (`apono-lambda-kit:reconcile`) checks the grant ledger
 * against. Optional; without it the reconcile event fails with UnsupportedEventError.
 * Return an array, or an async iterable to page through a large application's API.
 *
 * @example
 * ```ts
 * @ListAccess()
 * async *memberships(req: ListAccessRequest<PortalParams>) {
 *   for await (const m of this.portal.allMemberships(req.resourceType)) {
 *     yield { username: m.email, resources: [m.projectId], permission: m.role, grantId: m.grantId };
 *   }
 * }
 * ```
 */
export function ListAccess(...resourceTypes: string[]): CapabilityDecorator<ListAccessMethod> {
  return capabilityDecorator<ListAccessMethod>('ListAccess', resourceTypes);
}

/**
 * Marks the method that answers `get-status`: it throws when the integration cannot work (the
 * application is unreachable, say). Without it, get-status answers `{status:'active'}`.
 * The event carries no resource type, so the decorator takes none.
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
  return capabilityDecorator<GetStatusMethod>('GetStatus');
}

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
  return capabilityDecorator<ListResourceTagsMethod>('ListResourceTags');
}
