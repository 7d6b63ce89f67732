import { IsBoolean, IsOptional } from 'class-validator';
import { IsNonEmptyString, IsNonEmptyStringArray, WireField } from './field-rules';

/**
 * The reconcile event (`apono-lambda-kit:reconcile`), as the framework reads it:
 * which resource types to check, with the same custom parameters as Apono's
 * configuration, and whether to only report.
 *
 * @example
 * ```ts
 * // {"event_type": "apono-lambda-kit:reconcile", "params": {"resource_types": ["project"], "dry_run": true, "custom_parameters": {}}}
 * ```
 */
export class ReconcileRequest<P = Record<string, unknown>> {
  /** `params.resource_types`: the resource types whose access is checked. */
  @WireField('resource_types')
  @IsNonEmptyStringArray()
  resourceTypes!: string[];

  /** `params.dry_run`: report only, revoke nothing. */
  @WireField('dry_run')
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  dryRun?: boolean;

  /** `params.custom_parameters`, validated against the integration's class when it declares one. */
  customParameters!: P;
}

/**
 * The list-access event (`apono-lambda-kit:list-access`): the access `@ListAccess`
 * lists for one resource type, as the framework reads it.
 *
 * @example
 * ```ts
 * // {"event_type": "apono-lambda-kit:list-access", "params": {"resource_type": "project", "custom_parameters": {}}}
 * ```
 */
export class ListAccessEventRequest<P = Record<string, unknown>> {
  /** `params.resource_type`. */
  @WireField('resource_type')
  @IsNonEmptyString()
  resourceType!: string;

  /** `params.custom_parameters`. */
  customParameters!: P;
}

/**
 * What a `@ListAccess` method is asked: the access of one resource type.
 *
 * @typeParam P - the integration's custom parameters class.
 * @example
 * ```ts
 * @ListAccess()
 * async access(req: ListAccessRequest<PortalParams>) { return this.portal.memberships(req.resourceType); }
 * ```
 */
export interface ListAccessRequest<P = Record<string, unknown>> {
  resourceType: string;
  customParameters: P;
}

/**
 * One access that exists now in the application: `username` holds `permission` on
 * `resources` (of the request's resource type). `grantId`, when the application
 * keeps it, ties the access to its grant record exactly; otherwise it is matched by
 * (username, resource, permission).
 *
 * @example
 * ```ts
 * const entry: AccessEntry = { username: 'dana@example.com', resources: ['proj-1'], permission: 'reader' };
 * ```
 */
export interface AccessEntry {
  username: string;
  resources: string[];
  permission: string;
  grantId?: string;
}
