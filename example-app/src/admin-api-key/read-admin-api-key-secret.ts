import { AdminApiKeyUnavailableError } from './admin-api-key-error';
import type { SecretsManagerSdk } from './secrets-manager-sdk';

/**
 * Reads the admin key from a plain-text Secrets Manager secret: one
 * `GetSecretValue` of `secretArn`, whose `SecretString` is the key (surrounding
 * whitespace dropped: a secret written from a file often ends with a newline).
 * Errors name the ARN and the SDK's error name, never the secret's value, nor
 * the SDK's error object (a response-parsing error carries the raw response).
 *
 * @throws AdminApiKeyUnavailableError when the read fails or the secret holds no usable key.
 * @example
 * ```ts
 * const key = await readAdminApiKeySecret(await secretsManagerSdkLoader()(), process.env.PORTAL_ADMIN_API_KEY_SECRET_ARN!);
 * ```
 */
export async function readAdminApiKeySecret(sdk: SecretsManagerSdk, secretArn: string, signal?: AbortSignal): Promise<string> {
  let secretString: string | undefined;
  try {
    const output = await sdk.client.send(new sdk.GetSecretValueCommand({ SecretId: secretArn }), { abortSignal: signal });
    secretString = output.SecretString;
  } catch (err) {
    throw new AdminApiKeyUnavailableError(`could not read the portal admin API key from the Secrets Manager secret ${secretArn}: ${describeFailure(err)}`);
  }
  const key = secretString?.trim();
  if (!key) {
    throw new AdminApiKeyUnavailableError(`the Secrets Manager secret ${secretArn} has no SecretString: store the portal admin API key in it as plain text`);
  }
  if (key.startsWith('{')) {
    // A console "key/value" secret: sending its JSON as the key would only earn a 401.
    throw new AdminApiKeyUnavailableError(`the Secrets Manager secret ${secretArn} holds JSON key/value pairs: store the portal admin API key alone, as plain text`);
  }
  return key;
}

/** The error's name and HTTP status: enough to act on, with nothing of a response body in it. */
function describeFailure(err: unknown): string {
  if (!(err instanceof Error)) return 'unknown error';
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const hint = err.name === 'AccessDeniedException' ? ' (the role needs secretsmanager:GetSecretValue on it, and kms:Decrypt on its key if that is customer managed)' : '';
  return `${err.name}${status === undefined ? '' : ` (HTTP ${status})`}${hint}`;
}
