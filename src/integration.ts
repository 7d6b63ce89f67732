import type { ClassConstructor } from 'class-transformer';

/**
 * The base class of an integration. Extend it, decorate one method per
 * capability, and hand the class to `bootstrap()`.
 *
 * @typeParam P - the custom parameters class: declare it as `static customParameters`
 * and every request's `customParameters` is validated against it and typed as `P`.
 * @example
 * ```ts
 * class PortalParams { @IsUrl({ require_tld: false }) base_url!: string; }
 *
 * @injectable()
 * export class PortalIntegration extends Integration<PortalParams> {
 *   static readonly customParameters = PortalParams;
 *   constructor(@inject(PortalClient) private readonly portal: PortalClient) { super(); }
 *   @ListResources() async projects(req: ListResourcesRequest<PortalParams>) { … }
 *   @Grant() async grant(req: GrantRequest<PortalParams>) { … }
 *   @Revoke() async revoke(req: RevokeRequest<PortalParams>) { … }
 * }
 * export const handler = bootstrap(PortalIntegration);
 * ```
 */
export abstract class Integration<P extends object = Record<string, unknown>> {
  /** The class `custom_parameters` are validated against (class-validator decorators). */
  static readonly customParameters?: ClassConstructor<object>;

  /**
   * The resource types the integration exposes, each with its permissions (for
   * example `{ project: ['reader', 'admin'] }`). When declared, a reconcile of any
   * other resource type is refused before anything is read.
   */
  static readonly resourceTypes?: Readonly<Record<string, readonly string[]>>;

  /** Type-only: ties `P` to the class. Never set at run time. */
  declare protected readonly customParametersType?: P;
}

/**
 * A concrete integration class, as `bootstrap()` and `createTestHarness()` take it.
 *
 * @example
 * ```ts
 * function describe(cls: IntegrationClass) { return cls.name; }
 * ```
 */
export interface IntegrationClass<T extends Integration<object> = Integration<object>> {
  // Constructor parameters come from tsyringe, so their types do not matter here.
  new (...args: never[]): T;
  readonly name: string;
  readonly customParameters?: ClassConstructor<object>;
  readonly resourceTypes?: Readonly<Record<string, readonly string[]>>;
}
