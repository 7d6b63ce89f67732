import { IsUrl } from 'class-validator';

/**
 * The custom parameters of the portal integration, as configured in Apono.
 * The admin API key is NOT one of them: custom parameters are visible to Apono
 * admins and travel in every event. It comes from the function's environment.
 */
export class PortalParameters {
  /** The portal's base URL, e.g. `https://portal.internal.example.com`. */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  base_url!: string;
}
