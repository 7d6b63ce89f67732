import type { Provider } from 'apono-lambda-kit';
import { PORTAL_API, PORTAL_CLIENT_CONFIG, PortalClient, type PortalClientConfig } from './portal-client';

/**
 * The services the portal integration needs: the HTTP client and its config.
 * The admin API key is read from `PORTAL_ADMIN_API_KEY` when first needed (in
 * AWS, set it from Secrets Manager; see example-app/template.yaml).
 *
 * @example
 * ```ts
 * export const handler = bootstrap(PortalIntegration, { store, providers: portalProviders() });
 * ```
 */
export function portalProviders(): Provider[] {
  return [
    { token: PORTAL_CLIENT_CONFIG, useFactory: (): PortalClientConfig => ({ adminApiKey: adminApiKeyFromEnvironment() }) },
    { token: PORTAL_API, useClass: PortalClient },
  ];
}

function adminApiKeyFromEnvironment(): string {
  const key = process.env.PORTAL_ADMIN_API_KEY;
  if (!key) throw new Error('PORTAL_ADMIN_API_KEY is not set: the portal integration needs the portal admin API key');
  return key;
}
