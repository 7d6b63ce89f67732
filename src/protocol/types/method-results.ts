/** What integration methods return; the framework turns these into wire answers. */

/**
 * A resource as a `@ListResources` method returns it: `type` is filled in by the framework.
 *
 * @example
 * ```ts
 * const item: ResourceItem = { id: project.id, name: project.title, metadata: { env: 'prod', owner: project.owner } };
 * ```
 */
export interface ResourceItem {
  id: string;
  name: string;
  /** Flat string → string tags (environment, region, owner …). Undefined values are left out, as JSON does. */
  metadata?: Readonly<Record<string, string | undefined>>;
}

/**
 * A permission as a `@ListResources` method returns it.
 *
 * @example
 * ```ts
 * const permissions: PermissionItem[] = [{ id: 'reader', name: 'Reader' }, { id: 'admin', name: 'Admin' }];
 * ```
 */
export interface PermissionItem {
  id: string;
  name: string;
}

/**
 * What a `@ListResources` method returns.
 *
 * @example
 * ```ts
 * return { resources: [{ id: 'proj-1', name: 'Billing' }], permissions: [{ id: 'reader', name: 'Reader' }] };
 * ```
 */
export interface ListResourcesResult {
  /** An array, or an async iterable to page through a large application: reading stops as soon as the answer passes 6 MB. */
  resources: readonly ResourceItem[] | AsyncIterable<ResourceItem>;
  /** Optional when the class declares `static resourceTypes`: the declared permissions are sent. */
  permissions?: readonly PermissionItem[];
}

/**
 * What a `@Grant` method may return: `data` is kept in the grant record and
 * handed back to `@Revoke` as `req.grant.data`. Never put a secret in it.
 *
 * @example
 * ```ts
 * return { data: { membershipIds: ['m-1', 'm-2'] } };
 * ```
 */
export interface GrantResult<D = Record<string, unknown>> {
  data?: D;
}

/**
 * What `@CreateCredentials` and `@ResetCredentials` methods return. The secret
 * goes to Apono and nowhere else: not to logs, not to the store.
 *
 * @example
 * ```ts
 * return { secret: await tokens.issue(req.username) };
 * ```
 */
export interface CredentialsResult {
  secret: string;
}
