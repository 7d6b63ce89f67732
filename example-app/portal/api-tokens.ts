import { createHash, randomBytes } from 'node:crypto';

/** The prefix of portal API tokens: makes a leaked token recognisable to secret scanners. */
export const TOKEN_PREFIX = 'ppt_';

/**
 * A new personal API token (shown once, never stored).
 *
 * @example
 * ```ts
 * const token = newApiToken(); // 'ppt_…'
 * ```
 */
export function newApiToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/**
 * What the portal stores instead of a token.
 *
 * @example
 * ```ts
 * record.tokenSha256 = hashApiToken(token);
 * ```
 */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
