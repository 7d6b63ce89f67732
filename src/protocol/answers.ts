import { InvalidAnswerError, ResponseTooLargeError } from '../errors';
import { LAMBDA_RESPONSE_LIMIT_BYTES } from './constants';
import type { CredentialsResult, ListResourcesAnswer, ListResourcesResult, ResourceItem, SecretAnswer, WirePermission, WireResource } from './types';

// Answers built from what methods return: see docs/capabilities.md#answers.

/** Throws {@link ResponseTooLargeError} when the answer would not fit in a synchronous Lambda response. @example assertAnswerFits(answer, 'list-resources'); */
export function assertAnswerFits(answer: unknown, what: string, limitBytes = LAMBDA_RESPONSE_LIMIT_BYTES): void {
  const size = Buffer.byteLength(JSON.stringify(answer), 'utf8');
  if (size > limitBytes) {
    throw new ResponseTooLargeError(
      `the ${what} answer is ${size} bytes; a synchronous Lambda response may be at most ${limitBytes} bytes. ` +
        'The protocol has no pagination: return fewer resources per resource type, or shorter names and metadata.',
    );
  }
}

/**
 * The create/reset-credentials answer: a secret, or InvalidAnswerError. Never `{status:'ok'}` alone.
 * @example return buildSecretAnswer(await integration.create(req), 'PortalIntegration.create');
 */
export function buildSecretAnswer(result: CredentialsResult | undefined, method: string): SecretAnswer {
  const secret = typeof result === 'object' && result !== null ? result.secret : undefined;
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new InvalidAnswerError(`${method} returned no secret; it must return { secret: string } with a non-empty string`);
  }
  return { status: 'ok', secret };
}

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

/** An object, a unique non-empty id, a non-empty name. */
function checkIdAndName<T>(item: T, where: string, seen: Set<string>, kind: string): asserts item is T & { id: string; name: string } {
  if (typeof item !== 'object' || item === null) throw new InvalidAnswerError(`${where} must be an object`);
  const { id, name } = item as { id?: unknown; name?: unknown };
  if (!isNonEmptyString(id)) throw new InvalidAnswerError(`${where}.id must be a non-empty string`);
  if (seen.has(id)) throw new InvalidAnswerError(`${where}.id "${id.slice(0, 100)}" is used twice; ${kind} ids must be unique`);
  seen.add(id);
  if (!isNonEmptyString(name)) throw new InvalidAnswerError(`${where}.name must be a non-empty string`);
}

function wireResource(item: ResourceItem, index: number, resourceType: string, method: string, seen: Set<string>): WireResource {
  const where = `${method} resources[${index}]`;
  checkIdAndName(item, where, seen, 'resource');
  const metadata = checkMetadata(item.metadata, where);
  return metadata === undefined ? { id: item.id, name: item.name, type: resourceType } : { id: item.id, name: item.name, type: resourceType, metadata };
}

function buildResources(resources: readonly ResourceItem[], resourceType: string, method: string): WireResource[] {
  const seen = new Set<string>();
  const wire: WireResource[] = new Array(resources.length);
  // Plain code, not class-validator: this runs per resource and lists can be large.
  for (let i = 0; i < resources.length; i++) wire[i] = wireResource(resources[i] as ResourceItem, i, resourceType, method, seen);
  return wire;
}

/** Stops, closing the iterator and so the upstream paging, once the answer passes the limit. */
async function readResources(resources: AsyncIterable<ResourceItem>, resourceType: string, method: string, limitBytes: number): Promise<WireResource[]> {
  const seen = new Set<string>();
  const wire: WireResource[] = [];
  let bytes = 0;
  for await (const item of resources) {
    const resource = wireResource(item, wire.length, resourceType, method, seen);
    bytes += Buffer.byteLength(JSON.stringify(resource), 'utf8') + 1;
    if (bytes > limitBytes) {
      throw new ResponseTooLargeError(
        `the list-resources answer passed ${limitBytes} bytes (a synchronous Lambda response's limit) after ${wire.length + 1} resources, ` +
          'so reading stopped there. The protocol has no pagination: return fewer resources per resource type, or shorter names and metadata.',
      );
    }
    wire.push(resource);
  }
  return wire;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<ResourceItem> {
  return typeof value === 'object' && value !== null && typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
}

/** The method's permissions, else the declared ones (docs/capabilities.md#declared-resource-types). */
function buildPermissions(result: ListResourcesResult, method: string, resourceType: string, declared: readonly string[] | undefined): WirePermission[] {
  if (result.permissions === undefined && declared !== undefined) return declared.map((id) => ({ id, name: id }));
  if (!Array.isArray(result.permissions)) throw new InvalidAnswerError(`${method} must return a permissions array`);
  const seen = new Set<string>();
  return result.permissions.map((item, i) => {
    const where = `${method} permissions[${i}]`;
    checkIdAndName(item, where, seen, 'permission');
    if (declared !== undefined && !declared.includes(item.id)) {
      throw new InvalidAnswerError(`${where}.id "${item.id.slice(0, 100)}" is not a permission static resourceTypes declares for "${resourceType}" (${declared.join(', ')}): grants of it would be refused`);
    }
    return { id: item.id, name: item.name };
  });
}

/**
 * The list-resources answer from a `@ListResources` result: each `type` filled, ids, metadata and size checked.
 * @param method - `Class.method`, for error messages.
 * @example const answer = buildListResourcesAnswer(await integration.projects(req), req.resourceType, 'PortalIntegration.projects');
 */
export function buildListResourcesAnswer(
  result: ListResourcesResult | undefined,
  resourceType: string,
  method: string,
  limitBytes = LAMBDA_RESPONSE_LIMIT_BYTES,
  declaredPermissions?: readonly string[],
): ListResourcesAnswer {
  checkResult(result, method);
  if (!Array.isArray(result.resources)) throw new InvalidAnswerError(`${method} must return a resources array`);
  const answer = { resources: buildResources(result.resources, resourceType, method), permissions: buildPermissions(result, method, resourceType, declaredPermissions) };
  assertAnswerFits(answer, 'list-resources', limitBytes);
  return answer;
}

/**
 * {@link buildListResourcesAnswer} for an array or an async iterable of resources.
 * @example const answer = await readListResourcesAnswer(await integration.projects(req), 'project', 'PortalIntegration.projects');
 */
export async function readListResourcesAnswer(
  result: ListResourcesResult | undefined,
  resourceType: string,
  method: string,
  limitBytes = LAMBDA_RESPONSE_LIMIT_BYTES,
  declaredPermissions?: readonly string[],
): Promise<ListResourcesAnswer> {
  checkResult(result, method);
  if (!isAsyncIterable(result.resources)) return buildListResourcesAnswer(result, resourceType, method, limitBytes, declaredPermissions);
  const permissions = buildPermissions(result, method, resourceType, declaredPermissions);
  const answer = { resources: await readResources(result.resources, resourceType, method, limitBytes), permissions };
  assertAnswerFits(answer, 'list-resources', limitBytes);
  return answer;
}

function checkResult(result: ListResourcesResult | undefined, method: string): asserts result is ListResourcesResult {
  if (typeof result !== 'object' || result === null) throw new InvalidAnswerError(`${method} must return { resources, permissions }`);
}
