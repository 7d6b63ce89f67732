import { InvalidAnswerError } from '../../errors';
import type { ListResourcesResult, ResourceItem } from '../types/method-results';
import type { ListResourcesAnswer, WirePermission, WireResource } from '../types/wire';
import { assertAnswerFits } from './answer-size';

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function checkMetadata(metadata: unknown, where: string): Record<string, string> | undefined {
  if (metadata === undefined) return undefined;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new InvalidAnswerError(`${where}.metadata must be an object of string values`);
  }
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string' && value !== undefined) throw new InvalidAnswerError(`${where}.metadata.${key} must be a string (Apono tags are flat strings)`);
  }
  return metadata as Record<string, string>;
}

/** Checks the fields resources and permissions share: an object, a unique non-empty id, a non-empty name. */
function checkIdAndName<T>(item: T, where: string, seen: Set<string>, kind: string): asserts item is T & { id: string; name: string } {
  if (typeof item !== 'object' || item === null) throw new InvalidAnswerError(`${where} must be an object`);
  const { id, name } = item as { id?: unknown; name?: unknown };
  if (!isNonEmptyString(id)) throw new InvalidAnswerError(`${where}.id must be a non-empty string`);
  if (seen.has(id)) throw new InvalidAnswerError(`${where}.id "${id}" is used twice; ${kind} ids must be unique`);
  seen.add(id);
  if (!isNonEmptyString(name)) throw new InvalidAnswerError(`${where}.name must be a non-empty string`);
}

function buildResources(result: ListResourcesResult, resourceType: string, method: string): WireResource[] {
  if (!Array.isArray(result.resources)) throw new InvalidAnswerError(`${method} must return a resources array`);
  const seen = new Set<string>();
  const resources: WireResource[] = new Array(result.resources.length);
  // Plain loop, no class-validator: this runs per resource and lists can be large.
  for (let i = 0; i < result.resources.length; i++) {
    const item: ResourceItem = result.resources[i];
    const where = `${method} resources[${i}]`;
    checkIdAndName(item, where, seen, 'resource');
    const metadata = checkMetadata(item.metadata, where);
    resources[i] = metadata === undefined
      ? { id: item.id, name: item.name, type: resourceType }
      : { id: item.id, name: item.name, type: resourceType, metadata };
  }
  return resources;
}

function buildPermissions(result: ListResourcesResult, method: string): WirePermission[] {
  if (!Array.isArray(result.permissions)) throw new InvalidAnswerError(`${method} must return a permissions array`);
  const seen = new Set<string>();
  return result.permissions.map((item, i) => {
    checkIdAndName(item, `${method} permissions[${i}]`, seen, 'permission');
    return { id: item.id, name: item.name };
  });
}

/**
 * Builds the wire answer of list-resources from what the `@ListResources` method
 * returned: fills every resource's `type` from the request, checks ids are
 * non-empty and unique and metadata values are strings, and that the answer fits
 * in a Lambda response.
 *
 * @param method - `Class.method`, for error messages.
 * @example
 * ```ts
 * const answer = buildListResourcesAnswer(await integration.projects(req), req.resourceType, 'PortalIntegration.projects');
 * ```
 */
export function buildListResourcesAnswer(result: ListResourcesResult | undefined, resourceType: string, method: string): ListResourcesAnswer {
  if (typeof result !== 'object' || result === null) {
    throw new InvalidAnswerError(`${method} must return { resources, permissions }`);
  }
  const answer = { resources: buildResources(result, resourceType, method), permissions: buildPermissions(result, method) };
  assertAnswerFits(answer, 'list-resources');
  return answer;
}
