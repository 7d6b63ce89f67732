import type { LogFields } from './logger';

/**
 * Keys whose values are never logged.
 *
 * @example
 * ```ts
 * SECRET_KEY_PATTERN.test('api_token'); // true
 * SECRET_KEY_PATTERN.test('base_url');  // false
 * ```
 */
export const SECRET_KEY_PATTERN = /pass|pwd|secret|token|key|credential|auth|session|cookie|signature|bearer|jwt|private/i;

/**
 * Secrets recognised inside any string value, whatever its key: a password in a URL
 * (`scheme://user:password@host`), a `Bearer` token, a JWT, a PEM private key. Each
 * match is replaced by `[REDACTED]`, so the rest of the message stays readable.
 * @example redactSecretValues('postgres://admin:pw@db/app'); // 'postgres://admin:[REDACTED]@db/app'
 */
export const SECRET_VALUE_PATTERNS: readonly RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\beyJ[\w-]+\.eyJ[\w-]+\.[\w-]*/g,
  /(?<=\bBearer\s+)[\w\-.~+/]+=*/gi,
  /(?<=[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+(?=@)/gi,
];

/**
 * The longest string a log line keeps of one value (characters): an untrusted field
 * (a 5 MB `event_type`) must not turn into megabytes of log.
 * @example boundLogString('x'.repeat(10_000)).length <= MAX_LOGGED_STRING + 40; // true
 */
export const MAX_LOGGED_STRING = 4096;

/**
 * `value` with recognised secrets replaced and cut to {@link MAX_LOGGED_STRING}.
 * @example redactSecretValues('Authorization: Bearer abc.def'); // 'Authorization: Bearer [REDACTED]'
 */
export function redactSecretValues(value: string): string {
  const bounded = boundLogString(value);
  // Why a cheap pre-check: most strings hold none of the markers, and the patterns are the costly part.
  if (!/BEGIN|eyJ|Bearer|:\/\//i.test(bounded)) return bounded;
  let out = bounded;
  for (const pattern of SECRET_VALUE_PATTERNS) out = out.replace(pattern, REDACTED);
  return out;
}

/**
 * `value` cut to {@link MAX_LOGGED_STRING} characters, with a marker saying how long it was.
 * @example boundLogString('short'); // 'short'
 */
export function boundLogString(value: string): string {
  return value.length <= MAX_LOGGED_STRING ? value : `${value.slice(0, MAX_LOGGED_STRING)}… [cut from ${value.length} characters]`;
}

/**
 * What a redacted value is logged as.
 * @example expect(redactSecrets({ password: 'hunter2' })).toEqual({ password: REDACTED });
 */
export const REDACTED = '[REDACTED]';

const MAX_DEPTH = 8;

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactSecretValues(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redactSecretValues(value.message) };
  const out: LogFields = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_KEY_PATTERN.test(key) ? REDACTED : redactValue(inner, depth + 1);
  }
  return out;
}

/**
 * Copies log fields with every value under a secret-looking key replaced by
 * `[REDACTED]`, at any depth, secrets recognised in string values replaced, and
 * every string cut to {@link MAX_LOGGED_STRING}. Errors keep only their name and message.
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
