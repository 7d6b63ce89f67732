import { IsNonEmptyString, WireField } from './field-rules';

/**
 * A list-resources event, as a `@ListResources` method receives it.
 *
 * @typeParam P - the integration's custom parameters class.
 * @example
 * ```ts
 * @ListResources()
 * async projects(req: ListResourcesRequest<PortalParams>) {
 *   return { resources: await this.portal.projects(req.customParameters.base_url), permissions };
 * }
 * ```
 */
export class ListResourcesRequest<P = Record<string, unknown>> {
  /** `params.resource_type`: the kind of resource Apono asks for. */
  @WireField('resource_type')
  @IsNonEmptyString()
  resourceType!: string;

  /** `params.custom_parameters`, validated against the integration's class when it declares one. */
  customParameters!: P;
}
