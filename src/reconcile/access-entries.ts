import { InvalidAnswerError } from '../errors';
import type { AccessEntry } from '../protocol/requests';

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** The first rule `entry` breaks, as `field: rule`, or undefined. Never echoes a value. */
function problemOf(entry: unknown): string | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return 'must be an object { username, resources, permission, grantId? }';
  const e = entry as Record<string, unknown>;
  if (!isNonEmptyString(e.username)) return 'username: must be a non-empty string';
  if (!Array.isArray(e.resources) || e.resources.length === 0 || !e.resources.every(isNonEmptyString)) {
    return 'resources: must be a non-empty array of non-empty strings';
  }
  if (!isNonEmptyString(e.permission)) return 'permission: must be a non-empty string';
  if (e.grantId !== undefined && !isNonEmptyString(e.grantId)) return 'grantId: must be a non-empty string when given';
  return undefined;
}

/**
 * The entries a `@ListAccess` method returned (an array, any iterable, or an async
 * iterable), each checked and copied (never aliasing the method's objects, never
 * reading inherited keys). A malformed entry is an InvalidAnswerError naming its
 * index and field, raised before reconcile changes anything.
 *
 * @example
 * ```ts
 * for await (const entry of checkedAccessEntries(await listAccess(req), 'PortalIntegration.access', 'project')) index.match(entry);
 * ```
 */
export async function* checkedAccessEntries(
  source: Iterable<unknown> | AsyncIterable<unknown>,
  label: string,
  resourceType: string,
): AsyncGenerator<AccessEntry> {
  if (source === null || typeof source !== 'object' || (!(Symbol.iterator in source) && !(Symbol.asyncIterator in source))) {
    throw new InvalidAnswerError(`${label} (@ListAccess) for resource type ${resourceType} must return an array or an (async) iterable of access entries`);
  }
  let index = 0;
  for await (const entry of source as AsyncIterable<unknown>) {
    const problem = problemOf(entry);
    if (problem !== undefined) {
      throw new InvalidAnswerError(`${label} (@ListAccess) for resource type ${resourceType}: entries[${index}].${problem}; nothing was revoked.`);
    }
    const e = entry as AccessEntry;
    const copy: AccessEntry = { username: e.username, resources: [...e.resources], permission: e.permission };
    if (e.grantId !== undefined) copy.grantId = e.grantId;
    yield copy;
    index++;
  }
}
