import { AdminApiKeyVariables, type EnvironmentVariables } from './admin-api-key-environment';
import { PortalOriginError } from './portal-origin-error';

/**
 * Where the admin key may be sent. The key is the portal's master credential,
 * and `base_url` comes from Apono's custom parameters, which anyone who may edit
 * the integration in Apono can change: trusting it would let them point the
 * function at a listener of theirs and collect the key. So the origin is pinned
 * in the function's own configuration (`PORTAL_ORIGIN`, set by the deployment,
 * which only those who may change the function control), and `base_url` is
 * accepted only when its origin is that one.
 */

const { portalOrigin: PORTAL_ORIGIN } = AdminApiKeyVariables;

/**
 * The pinned portal origin from `PORTAL_ORIGIN`, normalised (`https://host[:port]`,
 * the default port dropped). It must be a bare origin, and https unless the host
 * is loopback (a key sent over plain http to another machine can be read on the way).
 *
 * @throws PortalOriginError when it is unset, not an origin, or plain http to a non-loopback host.
 * @example
 * ```ts
 * pinnedPortalOrigin({ PORTAL_ORIGIN: 'https://portal.internal.example.com:443' }); // 'https://portal.internal.example.com'
 * ```
 */
export function pinnedPortalOrigin(env: EnvironmentVariables): string {
  const configured = env[PORTAL_ORIGIN]?.trim();
  if (!configured) {
    throw new PortalOriginError(
      `the portal origin is not configured: set ${PORTAL_ORIGIN} in the function's configuration to the portal's origin (e.g. https://portal.internal.example.com); the admin API key is only ever sent there`,
    );
  }
  let url: URL;
  try {
    url = new URL(configured);
  } catch {
    throw new PortalOriginError(`${PORTAL_ORIGIN} must be an origin such as https://portal.internal.example.com`);
  }
  if (url.origin === 'null' || url.username || url.password || url.pathname !== '/' || url.search || url.hash) {
    throw new PortalOriginError(`${PORTAL_ORIGIN} must be an origin only (scheme, host and port, no path, query or credentials), such as https://portal.internal.example.com`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    throw new PortalOriginError(`${PORTAL_ORIGIN} must use https (plain http is allowed only for a loopback host): got ${url.origin}`);
  }
  return url.origin;
}

/**
 * Checks a call's `base_url` against the pinned origin and answers the origin to
 * send the call to. Only the origin of `base_url` counts: its path is ignored,
 * as the admin API's paths are absolute.
 *
 * @throws PortalOriginError when the origins differ (or `base_url` is not a URL).
 * @example
 * ```ts
 * portalOriginFor('https://portal.internal.example.com/ui', 'https://portal.internal.example.com'); // 'https://portal.internal.example.com'
 * ```
 */
export function portalOriginFor(baseUrl: string, pinnedOrigin: string): string {
  let origin: string;
  try {
    origin = new URL(baseUrl).origin;
  } catch {
    throw new PortalOriginError('the custom parameter base_url is not a URL');
  }
  if (origin !== pinnedOrigin) {
    throw new PortalOriginError(
      `the custom parameter base_url (origin ${origin}) must have the portal origin pinned in the function's configuration (${PORTAL_ORIGIN}=${pinnedOrigin}): the admin API key is sent to no other origin`,
    );
  }
  return pinnedOrigin;
}

/** localhost, 127.0.0.0/8 or ::1: traffic that never leaves the machine. */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}
