import { AdminApiKeyUnavailableError } from './admin-api-key-error';
import { AdminApiKeyVariables, type EnvironmentVariables } from './admin-api-key-environment';

/**
 * The development-only admin key of `npm start`'s portal, used when
 * `PORTAL_ADMIN_API_KEY` is not set outside Lambda.
 */
export const DEV_ADMIN_API_KEY = 'local-dev-admin-key';

/**
 * The admin key of a run without a Secrets Manager ARN: `PORTAL_ADMIN_API_KEY`,
 * else (outside Lambda only, so a deployed function never talks to a real
 * portal with a well-known key) {@link DEV_ADMIN_API_KEY}.
 *
 * @throws AdminApiKeyUnavailableError inside Lambda when neither is configured.
 * @example
 * ```ts
 * localAdminApiKey(process.env); // 'local-dev-admin-key' on a developer's machine
 * ```
 */
export function localAdminApiKey(env: EnvironmentVariables): string {
  const key = env[AdminApiKeyVariables.localKey];
  if (key) return key;
  if (!env[AdminApiKeyVariables.lambdaFunctionName]) return DEV_ADMIN_API_KEY;
  throw new AdminApiKeyUnavailableError(
    `the portal admin API key is not configured: set ${AdminApiKeyVariables.secretArn} to the ARN of the Secrets Manager secret that holds it`,
  );
}
