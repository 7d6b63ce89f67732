/**
 * The admin key cannot be had. The message says what to configure and names
 * the secret's ARN when there is one; it never holds the key, nor any part of
 * the secret's value.
 *
 * @example
 * ```ts
 * throw new AdminApiKeyUnavailableError('the secret arn:aws:secretsmanager:… has no SecretString');
 * ```
 */
export class AdminApiKeyUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdminApiKeyUnavailableError';
  }
}
