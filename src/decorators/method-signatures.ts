import type { Invocation } from '../bootstrap/invocation';
import type { GrantRequest, RevokeRequest } from '../protocol/requests/access-request';
import type { CredentialsRequest } from '../protocol/requests/credentials-request';
import type { ListResourcesRequest } from '../protocol/requests/list-resources-request';
import type { StatusRequest } from '../protocol/requests/status-request';
import type { CredentialsResult, GrantResult, ListResourcesResult } from '../protocol/types/method-results';

// `never` custom parameters: a method typed with any custom parameters class fits.
type MaybePromise<T> = T | Promise<T>;

/** The signature a `@ListResources` method must have. */
export type ListResourcesMethod = (req: ListResourcesRequest<never>, invocation: Invocation) => MaybePromise<ListResourcesResult>;
/** The signature a `@Grant` method must have. */
export type GrantMethod = (req: GrantRequest<never>, invocation: Invocation) => MaybePromise<GrantResult | void>;
/** The signature a `@Revoke` method must have. */
export type RevokeMethod = (req: RevokeRequest<never, never>, invocation: Invocation) => MaybePromise<void | unknown>;
/** The signature a `@CreateCredentials` / `@ResetCredentials` method must have. */
export type IssueCredentialsMethod = (req: CredentialsRequest<never>, invocation: Invocation) => MaybePromise<CredentialsResult>;
/** The signature a `@DeleteCredentials` method must have. */
export type DeleteCredentialsMethod = (req: CredentialsRequest<never>, invocation: Invocation) => MaybePromise<void | unknown>;
/** The signature a `@GetStatus` method must have: it throws when the integration is not healthy. */
export type GetStatusMethod = (req: StatusRequest<never>, invocation: Invocation) => MaybePromise<void | unknown>;
/** The signature a `@ListResourceTags` method must have: its answer is sent as is (the protocol leaves it undocumented). */
export type ListResourceTagsMethod = (req: StatusRequest<never>, invocation: Invocation) => MaybePromise<Record<string, unknown>>;
