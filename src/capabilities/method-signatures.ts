import type { Invocation } from '../bootstrap/invocation';
import type { AccessEntry, CredentialsRequest, GrantRequest, ListAccessRequest, ListResourcesRequest, RevokeRequest, StatusRequest } from '../protocol/requests';
import type { CredentialsResult, GrantResult, ListResourcesResult } from '../protocol/types';

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
 *
 * @example
 * ```ts
 * const issue: IssueCredentialsMethod = async (req: CredentialsRequest<PortalParams>) => ({ secret: await portal.newToken(req.username) });
 * ```
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
 *
 * @example
 * ```ts
 * const tags: ListResourceTagsMethod = () => ({ tags: ['environment', 'owner'] });
 * ```
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
