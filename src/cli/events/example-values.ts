import { randomUUID } from 'node:crypto';

/** The resource type the read-only events default to, and `--example-values` invents. */
export const EXAMPLE_RESOURCE_TYPE = 'resource';

/**
 * Invented stand-ins for params the user did not give: what `--example-values`
 * fills in (and reports), and what read-only events default to. A fresh
 * `grant_id` each time, as Apono gives every grant.
 *
 * @example
 * ```ts
 * exampleValue('username'); // 'user@example.com'
 * ```
 */
export function exampleValue(field: string): unknown {
  switch (field) {
    case 'grant_id':
      return randomUUID();
    case 'username':
      return 'user@example.com';
    case 'resource_type':
      return EXAMPLE_RESOURCE_TYPE;
    case 'resources':
      return ['resource-1'];
    case 'permission':
      return 'reader';
    default:
      return `example-${field}`;
  }
}

/**
 * One line for stderr naming every invented value, so nobody mistakes them for theirs.
 *
 * @example
 * ```ts
 * describeExampleValues({ username: 'user@example.com' }); // 'apono-lambda invoke: --example-values invented: username=user@example.com'
 * ```
 */
export function describeExampleValues(invented: Readonly<Record<string, unknown>>): string {
  const pairs = Object.entries(invented).map(([field, value]) => `${field}=${Array.isArray(value) ? value.join(',') : String(value)}`);
  return `apono-lambda invoke: --example-values invented: ${pairs.join(', ')} (not real values; pass --param to choose them)`;
}
