/**
 * A portal call refused because of where it would go: the pinned origin is
 * missing or unsafe, or `base_url` points elsewhere. The message states the
 * rule and the origins involved, never the key.
 *
 * @example
 * ```ts
 * throw new PortalOriginError('set PORTAL_ORIGIN to the portal origin, e.g. https://portal.internal.example.com');
 * ```
 */
export class PortalOriginError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PortalOriginError';
  }
}
