import type { LogFields } from './logger';

/** Keys whose values are never logged, at any depth. @example SECRET_KEY_PATTERN.test('api_token'); // true */
export const SECRET_KEY_PATTERN = /pass|pwd|secret|token|key|credential|auth|session|cookie|signature|bearer|jwt|private/i;

/**
 * Secrets found inside any string, whatever its key: a URL's password, a Bearer token, a JWT, a PEM private key. Only the match is replaced.
 * @example redactSecretValues('postgres://admin:pw@db/app'); // 'postgres://admin:[REDACTED]@db/app'
 */
export const SECRET_VALUE_PATTERNS: readonly RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\beyJ[\w-]+\.eyJ[\w-]+\.[\w-]*/g,
  /(?<=\bBearer\s+)[\w\-.~+/]+=*/gi,
  /(?<=[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+(?=@)/gi,
];

/** The characters a log line keeps of one string: an untrusted 5 MB field must not become 5 MB of log. @example boundLogString(huge).length <= MAX_LOGGED_STRING + 40; */
export const MAX_LOGGED_STRING = 4096;

/** What the cut of a long string may leave of a secret at its end: a JWT, or a URL's password, without the rest its pattern needs. */
const CUT_SECRET_PATTERNS: readonly RegExp[] = [/\beyJ[\w-]*(?:\.[\w-]*)?$/, /(?<=[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+$/i];

/** `value` cut to {@link MAX_LOGGED_STRING}, secrets replaced. @example redactSecretValues('Authorization: Bearer abc.def'); // 'Authorization: Bearer [REDACTED]' */
export function redactSecretValues(value: string): string {
  const cut = value.length > MAX_LOGGED_STRING;
  let out = cut ? value.slice(0, MAX_LOGGED_STRING) : value;
  // Why a cheap pre-check: most strings hold none of the markers, and the patterns are the costly part.
  if (/BEGIN|eyJ|Bearer|:\/\//i.test(out)) {
    for (const pattern of SECRET_VALUE_PATTERNS) out = out.replace(pattern, REDACTED);
    if (cut) for (const pattern of CUT_SECRET_PATTERNS) out = out.replace(pattern, REDACTED);
  }
  return cut ? `${out}${cutMarker(value.length)}` : out;
}

/** `value` cut to {@link MAX_LOGGED_STRING} characters, with a marker of its length. @example boundLogString('short'); // 'short' */
export function boundLogString(value: string): string {
  return value.length <= MAX_LOGGED_STRING ? value : `${value.slice(0, MAX_LOGGED_STRING)}${cutMarker(value.length)}`;
}

function cutMarker(length: number): string {
  return `… [cut from ${length} characters]`;
}

/** What a redacted value is logged as. @example expect(redactSecrets({ password: 'hunter2' })).toEqual({ password: REDACTED }); */
export const REDACTED = '[REDACTED]';

const MAX_DEPTH = 8;

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactSecretValues(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redactSecretValues(value.message) };
  // As JSON.stringify does: a Date (or any toJSON) logs as what it says, not as its own (empty) keys.
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return redactValue((value as { toJSON(): unknown }).toJSON(), depth + 1);
  const out: LogFields = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_KEY_PATTERN.test(key) ? REDACTED : redactValue(inner, depth + 1);
  }
  return out;
}

/**
 * A copy of log fields with secrets replaced, by key and by value, at any depth; strings capped. See docs/architecture.md#logging.
 * @example redactSecrets({ base_url: 'https://x', api_token: 't0k' }); // { base_url: 'https://x', api_token: '[REDACTED]' }
 */
export function redactSecrets(fields: LogFields): LogFields {
  return redactValue(fields, 0) as LogFields;
}
