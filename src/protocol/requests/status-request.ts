/**
 * A get-status or list-resources-tags event: only custom parameters.
 *
 * @typeParam P - the integration's custom parameters class.
 * @example
 * ```ts
 * @GetStatus()
 * async status(req: StatusRequest<PortalParams>) { await this.portal.ping(req.customParameters.base_url); }
 * ```
 */
export class StatusRequest<P = Record<string, unknown>> {
  /** `params.custom_parameters`, validated against the integration's class when it declares one. */
  customParameters!: P;
}
