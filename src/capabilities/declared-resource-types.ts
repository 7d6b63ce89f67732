import { InvalidEventError } from '../errors';
import type { AnyCapabilityRoute } from './capability-table';
import type { IntegrationDefinition } from './integration-definition';

/** A read request, as the dispatcher sees it: the fields the declaration is checked against. */
export interface RouteRequest {
  customParameters: unknown;
  resourceType?: string;
  permission?: string;
}

/**
 * Refuses, before any method runs, a resource type the class does not declare in
 * `static resourceTypes` and, for a grant, a permission outside that resource
 * type's list: Apono can only have sent them from a stale or wrong configuration.
 * Routes that say `no` (revoke-access: access once granted must stay revocable)
 * are never refused here.
 *
 * @throws InvalidEventError naming the field, the value (trimmed: these are ids, never secrets) and what is declared.
 * @example
 * ```ts
 * assertDeclared(definition, CAPABILITY_TABLE.get('grant-access')!, request);
 * ```
 */
export function assertDeclared(definition: IntegrationDefinition, route: AnyCapabilityRoute, request: RouteRequest): void {
  const declared = definition.resourceTypes;
  if (declared === undefined || route.checkDeclared === 'no' || request.resourceType === undefined) return;
  const permissions = declared.get(request.resourceType);
  if (permissions === undefined) {
    throw new InvalidEventError(
      `params.resource_type: "${request.resourceType.slice(0, 100)}" is not a resource type of ${definition.className} (it declares ${[...declared.keys()].join(', ')})`,
    );
  }
  if (route.checkDeclared === 'resource type and permission' && request.permission !== undefined && !permissions.has(request.permission)) {
    throw new InvalidEventError(
      `params.permission: "${request.permission.slice(0, 100)}" is not a permission of resource type "${request.resourceType}" ` +
        `(${definition.className} declares ${[...permissions].join(', ')})`,
    );
  }
}
