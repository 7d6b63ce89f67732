import type { LogFields } from './types';

/**
 * Keys whose values are never logged.
 *
 * @example
 * ```ts
 * SECRET_KEY_PATTERN.test('api_token'); // true
 * SECRET_KEY_PATTERN.test('base_url');  // false
 * ```
 */
export const SECRET_KEY_PATTERN = /pass|secret|token|key|credential/i;

/**
 * What a redacted value is logged as.
 *
 * @example
 * ```ts
 * expect(redactSecrets({ password: 'hunter2' })).toEqual({ password: REDACTED });
 * ```
 */
export const REDACTED = '[REDACTED]';

const MAX_DEPTH = 8;

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (value instanceof Error) return { name: value.name, message: value.message };
  const out: LogFields = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_KEY_PATTERN.test(key) ? REDACTED : redactValue(inner, depth + 1);
  }
  return out;
}

/**
 * Copies log fields with every value under a secret-looking key replaced by
 * `[REDACTED]`, at any depth. Errors keep only their name and message.
 *
 * @example
 * ```ts
 * redactSecrets({ custom_parameters: { base_url: 'https://x', api_token: 't0k' } });
 * // { custom_parameters: { base_url: 'https://x', api_token: '[REDACTED]' } }
 * ```
 */
export function redactSecrets(fields: LogFields): LogFields {
  return redactValue(fields, 0) as LogFields;
}
