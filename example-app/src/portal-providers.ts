import type { Provider } from 'apono-lambda-kit';
import type { DependencyContainer } from 'tsyringe';
import { ADMIN_API_KEY_ENVIRONMENT } from './admin-api-key/admin-api-key-environment';
import { pinnedPortalOrigin } from './admin-api-key/pinned-portal-origin';
import { ADMIN_API_KEY_SOURCE } from './admin-api-key/admin-api-key-source';
import { CachedAdminApiKeySource } from './admin-api-key/cached-admin-api-key-source';
import { SECRETS_MANAGER_SDK_LOADER, secretsManagerSdkLoader } from './admin-api-key/secrets-manager-sdk';
import { PORTAL_API, PORTAL_CLIENT_CONFIG, PortalClient, type PortalClientConfig } from './portal-client';

/**
 * The services the portal integration needs: the HTTP client, its config and
 * the admin key's source. Calls go only to the origin `PORTAL_ORIGIN` pins (a
 * `base_url` of another origin is refused). The key is read when the portal is first called, then
 * kept for the instance's life: in AWS from the Secrets Manager secret named by
 * `PORTAL_ADMIN_API_KEY_SECRET_ARN` (see example-app/template.yaml), locally
 * from `PORTAL_ADMIN_API_KEY` or the development default. Every singleton here
 * is one per cold start; a later provider for the same token overrides it.
 *
 * @example
 * ```ts
 * export const handler = bootstrap(PortalIntegration, { store, providers: portalProviders() });
 * ```
 */
export function portalProviders(): Provider[] {
  return [
    { token: ADMIN_API_KEY_ENVIRONMENT, useValue: process.env },
    { token: SECRETS_MANAGER_SDK_LOADER, useValue: secretsManagerSdkLoader() },
    { token: ADMIN_API_KEY_SOURCE, useClass: CachedAdminApiKeySource },
    { token: PORTAL_CLIENT_CONFIG, useFactory: portalClientConfig },
    { token: PORTAL_API, useClass: PortalClient },
  ];
}

/**
 * The client asks the (singleton) key source on each call; the source keeps the key, not the config.
 * The pinned origin is read from the function's environment on each call too (it is cheap), so a
 * missing or unsafe setting fails the portal call with its own message rather than the cold start.
 */
function portalClientConfig(container: DependencyContainer): PortalClientConfig {
  const source = container.resolve(ADMIN_API_KEY_SOURCE);
  const environment = container.resolve(ADMIN_API_KEY_ENVIRONMENT);
  return { adminApiKey: (signal) => source.get(signal), portalOrigin: () => pinnedPortalOrigin(environment) };
}
