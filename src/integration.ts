import type { ClassConstructor } from 'class-transformer';

/**
 * The base class of an integration: extend it, decorate its methods, hand it to `bootstrap()`.
 * See docs/capabilities.md#class-to-handler.
 * @typeParam P - the `static customParameters` class, which every request's `customParameters` is validated against.
 * @typeParam D - the `data` `@Grant` returns and `@Revoke` gets back as `req.grant.data`: a mismatch does not compile.
 * @example `@injectable() export class PortalIntegration extends Integration<PortalParams> { static readonly customParameters = PortalParams; … }`
 * @example `constructor(@inject(PortalClient) private readonly portal: PortalClient) { super(); }` (`@inject` on every parameter: bundles keep no type metadata)
 * @example `@Grant() async grant(req: GrantRequest<PortalParams>) { … }` and `@Revoke() async revoke(req: RevokeRequest<PortalParams>) { … }` as its methods
 * @example `export const handler = bootstrap(PortalIntegration);` (the README's quick start has the whole file)
 */
export abstract class Integration<P extends object = Record<string, unknown>, D = UndeclaredGrantData> {
  static readonly customParameters?: ClassConstructor<object>;

  /** `{ project: ['reader', 'admin'] }`: other types and permissions are refused (docs/capabilities.md#declared-resource-types). */
  static readonly resourceTypes?: Readonly<Record<string, readonly string[]>>;

  // Type-only: tie P and D to the instance type; never set.
  declare protected readonly customParametersType?: P;
  declare protected readonly grantDataType?: D;
}

/** The custom parameters type `P` of an integration class's instances. @example type Params = CustomParametersOf<PortalIntegration>; // PortalParams */
export type CustomParametersOf<T> = T extends Integration<infer P, unknown> ? P : Record<string, unknown>;

/** The default `D`: `@Grant` may return any object and `@Revoke` may type it as it likes. */
export interface UndeclaredGrantData {
  readonly '~apono-lambda-kit:undeclared-grant-data': true;
}

/**
 * The grant data type `D` as `@Grant` must return it (any object when the class declares none).
 * @example type Data = GrantDataOf<PortalIntegration>; // { membershipIds: string[] }
 */
export type GrantDataOf<T> = T extends Integration<object, infer D> ? (D extends UndeclaredGrantData ? object : D) : object;

/**
 * The grant data type `D` as `@Revoke` receives it; when undeclared, `never`, which fits every `RevokeRequest<P, X>`.
 * @example type Data = RevokedGrantDataOf<PortalIntegration>; // { membershipIds: string[] }
 */
export type RevokedGrantDataOf<T> = T extends Integration<object, infer D> ? (D extends UndeclaredGrantData ? never : D) : never;

/** A concrete integration class, as `bootstrap()` and `createTestHarness()` take it. @example function describe(cls: IntegrationClass) { return cls.name; } */
export interface IntegrationClass<T extends Integration<object, unknown> = Integration<object, unknown>> {
  // tsyringe provides the arguments.
  new (...args: never[]): T;
  readonly name: string;
  readonly customParameters?: ClassConstructor<object>;
  readonly resourceTypes?: Readonly<Record<string, readonly string[]>>;
}

/**
 * The union of the types in `static resourceTypes`, to type `req.resourceType`.
 * @example static readonly resourceTypes = { repository: ['read', 'admin'], team: ['member'] }; // ResourceTypesOf<typeof C>: 'repository' | 'team'
 */
export type ResourceTypesOf<C> = C extends { readonly resourceTypes: infer R } ? (R extends Readonly<Record<string, unknown>> ? Extract<keyof R, string> : string) : string;
