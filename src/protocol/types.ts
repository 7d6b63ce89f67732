import type { AccessEntry } from './requests';
import type { ReconcileReport } from '../reconcile/types';

// The wire shapes of PROTOCOL.md, in snake_case as they travel.

/** The envelope of every event. @example const event: AponoEvent = { event_type: 'list-resources', params: { resource_type: 'project', custom_parameters: {} } }; */
export interface AponoEvent {
  event_type: string;
  params?: Record<string, unknown>;
}

/** One resource of a list-resources answer. @example const resource: WireResource = { id: 'proj-1', name: 'Billing', type: 'project', metadata: { env: 'prod' } }; */
export interface WireResource {
  id: string;
  name: string;
  type: string;
  metadata?: Record<string, string>;
}

/** One permission of a list-resources answer. @example const permission: WirePermission = { id: 'reader', name: 'Reader' }; */
export interface WirePermission {
  id: string;
  name: string;
}

/** The list-resources answer. @example const answer: ListResourcesAnswer = await harness.listResources({ resourceType: 'project' }); */
export interface ListResourcesAnswer {
  resources: WireResource[];
  permissions: WirePermission[];
}

/** The answer of get-status, list-resources-tags and unknown events. @example const answer: StatusAnswer = await harness.getStatus(); // { status: 'active' } */
export interface StatusAnswer {
  status: 'active';
}

/** The answer of grant-access, revoke-access and delete-credentials. @example const answer: OkAnswer = await harness.revoke({ grantId: 'g-1' }); // { status: 'ok' } */
export interface OkAnswer {
  status: 'ok';
}

/** The answer of create-credentials and reset-credentials. @example const { secret }: SecretAnswer = await harness.resetCredentials({ username: 'dana@example.com' }); */
export interface SecretAnswer {
  status: 'ok';
  secret: string;
}

/**
 * The answer of list-resources-tags: what `@ListResourceTags` returned, as is (the protocol does not document it).
 * @example const answer: ResourceTagsAnswer = { tags: ['environment', 'owner'] };
 */
export interface ResourceTagsAnswer {
  readonly [field: string]: unknown;
}

/**
 * The answer of `apono-lambda-kit:list-access`: the access `@ListAccess` listed, checked.
 * @example const { entries }: ListAccessAnswer = await harness.listAccess({ resourceType: 'project' });
 */
export interface ListAccessAnswer {
  resource_type: string;
  entries: AccessEntry[];
}

/** Any answer the handler returns, one named shape per event type. @example const answer: AponoAnswer = await handler(event, context); */
export type AponoAnswer = ListResourcesAnswer | StatusAnswer | OkAnswer | SecretAnswer | ResourceTagsAnswer | ListAccessAnswer | ReconcileReport;

// What methods return; the framework turns these into wire answers.

/**
 * A resource as a `@ListResources` method returns it; the framework adds `type`.
 * @example const item: ResourceItem = { id: project.id, name: project.title, metadata: { env: 'prod', owner: project.owner } };
 */
export interface ResourceItem {
  id: string;
  name: string;
  /** Flat string tags (environment, owner…); undefined values are left out, as JSON does. */
  metadata?: Readonly<Record<string, string | undefined>>;
}

/**
 * A permission as a `@ListResources` method returns it.
 * @example const permissions: PermissionItem[] = [{ id: 'reader', name: 'Reader' }, { id: 'admin', name: 'Admin' }];
 */
export interface PermissionItem {
  id: string;
  name: string;
}

/** What a `@ListResources` method returns. @example return { resources: [{ id: 'proj-1', name: 'Billing' }], permissions: [{ id: 'reader', name: 'Reader' }] }; */
export interface ListResourcesResult {
  /** An array, or an async iterable to page: reading stops once the answer passes 6 MB. */
  resources: readonly ResourceItem[] | AsyncIterable<ResourceItem>;
  /** Optional when the class declares `static resourceTypes`: the declared permissions are sent. */
  permissions?: readonly PermissionItem[];
}

/**
 * What a `@Grant` method may return: `data` is kept and handed to `@Revoke` as `req.grant.data`. Never a secret.
 * @example return { data: { membershipIds: ['m-1', 'm-2'] } };
 */
export interface GrantResult<D = Record<string, unknown>> {
  data?: D;
}

/**
 * What `@CreateCredentials` and `@ResetCredentials` return; the secret goes to Apono only, never to logs or the store.
 * @example return { secret: await tokens.issue(req.username) };
 */
export interface CredentialsResult {
  secret: string;
}
