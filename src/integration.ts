import type { ClassConstructor } from 'class-transformer';

/**
 * The base class of an integration. Extend it, decorate one method per
 * capability, and hand the class to `bootstrap()`.
 *
 * @typeParam P - the custom parameters class: declare it as `static customParameters`
 * and every request's `customParameters` is validated against it and typed as `P`.
 * @typeParam D - the `data` the `@Grant` method returns and the `@Revoke` method gets
 * back as `req.grant.data` (type `RevokeRequest<P, D>`): a mismatch does not compile.
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
export abstract class Integration<P extends object = Record<string, unknown>, D = UndeclaredGrantData> {
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
  /** Type-only: ties `D` (what `@Grant` returns as `data`, and `@Revoke` gets as `req.grant.data`) to the class. */
  declare protected readonly grantDataType?: D;
}

/**
 * The custom parameters type `P` of an integration class's instances.
 *
 * @example
 * ```ts
 * type Params = CustomParametersOf<PortalIntegration>; // PortalParams
 * ```
 */
export type CustomParametersOf<T> = T extends Integration<infer P, unknown> ? P : Record<string, unknown>;

/**
 * The default `D` of {@link Integration}: the class declares no grant data type,
 * so `@Grant` may return any object as `data` and `@Revoke` may type it as it likes.
 */
export interface UndeclaredGrantData {
  readonly '~apono-lambda-kit:undeclared-grant-data': true;
}

/**
 * The grant data type `D` of an integration class's instances, as its `@Grant`
 * method must return it (any object when the class declares none).
 *
 * @example
 * ```ts
 * type Data = GrantDataOf<PortalIntegration>; // { membershipIds: string[] }
 * ```
 */
export type GrantDataOf<T> = T extends Integration<object, infer D> ? (D extends UndeclaredGrantData ? object : D) : object;

/**
 * The grant data type `D` as a `@Revoke` method receives it: the class's `D`, or,
 * when it declares none, whatever the method says (`never` fits every `RevokeRequest<P, X>`).
 *
 * @example
 * ```ts
 * type Data = RevokedGrantDataOf<PortalIntegration>; // { membershipIds: string[] }
 * ```
 */
export type RevokedGrantDataOf<T> = T extends Integration<object, infer D> ? (D extends UndeclaredGrantData ? never : D) : never;

/**
 * A concrete integration class, as `bootstrap()` and `createTestHarness()` take it.
 *
 * @example
 * ```ts
 * function describe(cls: IntegrationClass) { return cls.name; }
 * ```
 */
export interface IntegrationClass<T extends Integration<object, unknown> = Integration<object, unknown>> {
  // Constructor parameters come from tsyringe, so their types do not matter here.
  new (...args: never[]): T;
  readonly name: string;
  readonly customParameters?: ClassConstructor<object>;
  readonly resourceTypes?: Readonly<Record<string, readonly string[]>>;
}

/**
 * The resource types an integration class declares in `static resourceTypes`, as a
 * union: type a method's request with it, and `req.resourceType` is one of them.
 *
 * @example
 * ```ts
 * class GitHubIntegration extends Integration<GitHubParams> {
 *   static readonly resourceTypes = { repository: ['read', 'write', 'admin'], team: ['member'] };
 *   @Grant() async grant(req: GrantRequest<GitHubParams, ResourceTypesOf<typeof GitHubIntegration>>) {
 *     req.resourceType; // 'repository' | 'team'
 *   }
 * }
 * ```
 */
export type ResourceTypesOf<C> = C extends { readonly resourceTypes: infer R } ? (R extends Readonly<Record<string, unknown>> ? Extract<keyof R, string> : string) : string;
