import { IsUrl } from 'class-validator';

/**
 * The custom parameters of the portal integration, as configured in Apono.
 * The admin API key is NOT one of them: custom parameters are visible to Apono
 * admins and travel in every event. It comes from Secrets Manager.
 *
 * @example
 * ```ts
 * // Apono's custom_parameters: { "base_url": "https://portal.internal.example.com" }
 * async projects(req: ListResourcesRequest<PortalParameters>) { req.customParameters.base_url; }
 * ```
 */
export class PortalParameters {
  /**
   * The portal's base URL, e.g. `https://portal.internal.example.com`. Its shape
   * is checked here; where it may point is not Apono's to decide: anyone who may
   * edit the integration in Apono can change it, so the portal client accepts it
   * only when its origin is the one pinned in the function's configuration
   * (`PORTAL_ORIGIN`), and otherwise refuses the call without sending the key.
   */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  base_url!: string;
}
