import { IntegrationDefinitionError, InvalidEventError } from '../errors';
import { type AnyCapabilityRoute, type Capability, CAPABILITY_RULES } from './capability-table';
import type { ClassConstructor } from 'class-transformer';
import type { IntegrationClass } from '../integration';
import { type CapabilityMethod, readCapabilityMethods } from './decorators';

/** A read request, as the dispatcher sees it. */
export interface RouteRequest {
  customParameters: unknown;
  resourceType?: string;
  permission?: string;
}

/**
 * Refuses a resource type, or a grant's permission, that `static resourceTypes` does not declare.
 * See docs/capabilities.md#declared-resource-types.
 * @example assertDeclared(definition, CAPABILITY_TABLE.get('grant-access')!, request);
 */
export function assertDeclared(definition: IntegrationDefinition, route: AnyCapabilityRoute, request: RouteRequest): void {
  const declared = definition.resourceTypes;
  if (declared === undefined || route.checkDeclared === 'no' || request.resourceType === undefined) return;
  const permissions = declared.get(request.resourceType);
  if (permissions === undefined) {
    throw new InvalidEventError(
      `params.resource_type: "${request.resourceType.slice(0, 100)}" is not a resource type of ${definition.className} (it declares ${[...declared.keys()].join(', ')})`,
    );
  }
  if (route.checkDeclared === 'resource type and permission' && request.permission !== undefined && !permissions.has(request.permission)) {
    throw new InvalidEventError(
      `params.permission: "${request.permission.slice(0, 100)}" is not a permission of resource type "${request.resourceType}" ` +
        `(${definition.className} declares ${[...permissions].join(', ')})`,
    );
  }
}

/** The methods of one capability: one per resource type it names, and the fallback. */
export interface CapabilityMethods {
  readonly byResourceType: ReadonlyMap<string, string>;
  readonly fallback: string | undefined;
}

/** What `bootstrap` learns about an integration class, once, at init. */
export interface IntegrationDefinition {
  className: string;
  methods: Partial<Record<Capability, CapabilityMethods>>;
  customParametersClass: ClassConstructor<object> | undefined;
  /** `static resourceTypes`: each type with its permission ids. */
  resourceTypes: ReadonlyMap<string, ReadonlySet<string>> | undefined;
}

/** The method that names `resourceType`, else the fallback, else undefined. @example methodFor(definition, 'Grant', 'table'); // 'grantTable', or the fallback's name */
export function methodFor(definition: IntegrationDefinition, capability: Capability, resourceType?: string): string | undefined {
  const methods = definition.methods[capability];
  if (methods === undefined) return undefined;
  return (resourceType === undefined ? undefined : methods.byResourceType.get(resourceType)) ?? methods.fallback;
}

/**
 * Reads and checks an integration class at init; the checks: docs/capabilities.md#init-checks.
 * @example const definition = defineIntegration(PortalIntegration); // or IntegrationDefinitionError
 */
export function defineIntegration(cls: IntegrationClass): IntegrationDefinition {
  const className = cls.name || 'the integration class';
  const resourceTypes = declaredResourceTypes(cls, className);
  const found = readCapabilityMethods(cls);
  const problems = [
    ...methodProblems(cls, found),
    ...found.flatMap((m) => decoratorProblems(m, resourceTypes)),
  ];
  const methods: Partial<Record<Capability, CapabilityMethods>> = {};
  for (const capability of Object.keys(CAPABILITY_RULES) as Capability[]) {
    const mine = found.filter((m) => m.capability === capability);
    if (mine.length === 0) {
      if (CAPABILITY_RULES[capability].required) problems.push(`it has no @${capability} method`);
      continue;
    }
    const { entry, duplicates } = capabilityMethods(capability, mine);
    problems.push(...duplicates);
    methods[capability] = entry;
  }
  problems.push(...coverageProblems(methods, resourceTypes));
  if (problems.length > 0) {
    throw new IntegrationDefinitionError(`${className} is not a valid integration: ${problems.join('; ')}. ` +
      'Declare @ListResources, @Grant and @Revoke (each for a resource type, or once as the fallback for all), and at most one method per capability and resource type.');
  }
  assertInjectable(cls, className);
  const customParametersClass = cls.customParameters;
  if (customParametersClass !== undefined && typeof customParametersClass !== 'function') {
    throw new IntegrationDefinitionError(`${className}.customParameters must be a class (with class-validator decorators)`);
  }
  return { className, methods, customParametersClass, resourceTypes };
}

function methodProblems(cls: IntegrationClass, found: readonly CapabilityMethod[]): string[] {
  return found
    .filter(({ methodName }) => typeof (cls.prototype as Record<string, unknown>)[methodName] !== 'function')
    .map(({ capability, methodName }) => `@${capability} is on ${methodName}, which is not a method`);
}

function decoratorProblems({ capability, methodName, resourceTypes }: CapabilityMethod, declared: IntegrationDefinition['resourceTypes']): string[] {
  if (resourceTypes.length === 0) return [];
  if (!CAPABILITY_RULES[capability].byResourceType) return [`@${capability} on ${methodName} names resource types, but its event carries none`];
  if (declared === undefined) return [];
  return resourceTypes
    .filter((type) => !declared.has(type))
    .map((type) => `@${capability}('${type}') on ${methodName} names a resource type that static resourceTypes does not declare (${[...declared.keys()].join(', ')})`);
}

function capabilityMethods(capability: Capability, mine: readonly CapabilityMethod[]): { entry: CapabilityMethods; duplicates: string[] } {
  const duplicates: string[] = [];
  const byResourceType = new Map<string, string>();
  const fallbacks = mine.filter((m) => m.resourceTypes.length === 0).map((m) => m.methodName);
  if (fallbacks.length > 1) duplicates.push(`@${capability} is on ${fallbacks.length} methods (${fallbacks.join(', ')}); one method may handle it (name resource types to split it: @${capability}('table'))`);
  for (const { methodName, resourceTypes } of mine) {
    for (const type of resourceTypes) {
      const claimed = byResourceType.get(type);
      if (claimed !== undefined && claimed !== methodName) duplicates.push(`@${capability}('${type}') is on both ${claimed} and ${methodName}; one method may handle a resource type`);
      else byResourceType.set(type, methodName);
    }
  }
  return { entry: { byResourceType, fallback: fallbacks[0] }, duplicates };
}

/** The resource types a capability's methods cover: those named, or every one (`'*'`) with a fallback. */
function covered(methods: CapabilityMethods | undefined, declared: IntegrationDefinition['resourceTypes']): Set<string> | '*' {
  if (methods === undefined) return new Set();
  if (methods.fallback !== undefined) return declared === undefined ? '*' : new Set(declared.keys());
  return new Set(methods.byResourceType.keys());
}

/** A grant that nothing could revoke, or a revoke of what nothing grants. */
function coverageProblems(methods: IntegrationDefinition['methods'], declared: IntegrationDefinition['resourceTypes']): string[] {
  const problems: string[] = [];
  const grants = covered(methods.Grant, declared);
  const revokes = covered(methods.Revoke, declared);
  const missingIn = (from: Set<string> | '*', into: Set<string> | '*'): string[] => {
    if (into === '*') return [];
    if (from === '*') return ['every resource type'];
    return [...from].filter((type) => !into.has(type));
  };
  for (const type of missingIn(grants, revokes)) {
    problems.push(type === 'every resource type'
      ? 'its fallback @Grant() has no fallback @Revoke(): a grant of a resource type without its own @Revoke could never be revoked'
      : `resource type "${type}" has a @Grant but no @Revoke (and no fallback @Revoke()): its grants could never be revoked`);
  }
  for (const type of missingIn(revokes, grants)) {
    if (type !== 'every resource type') problems.push(`resource type "${type}" has a @Revoke but no @Grant (and no fallback @Grant())`);
  }
  if (declared !== undefined) {
    for (const capability of ['ListResources', 'Grant', 'Revoke'] as const) {
      const handled = covered(methods[capability], declared);
      for (const type of declared.keys()) {
        if (handled !== '*' && !handled.has(type) && methods[capability] !== undefined) problems.push(`resource type "${type}" is declared but has no @${capability} method`);
      }
    }
  }
  return problems;
}

function declaredResourceTypes(cls: IntegrationClass, className: string): IntegrationDefinition['resourceTypes'] {
  const declared = cls.resourceTypes;
  if (declared === undefined) return undefined;
  if (typeof declared !== 'object' || declared === null || Array.isArray(declared)) {
    throw new IntegrationDefinitionError(`${className}.resourceTypes must be an object of resource type → permission ids`);
  }
  const types = new Map<string, ReadonlySet<string>>();
  for (const [type, permissions] of Object.entries(declared)) {
    if (!Array.isArray(permissions) || permissions.length === 0 || !permissions.every((p) => typeof p === 'string' && p.length > 0)) {
      throw new IntegrationDefinitionError(`${className}.resourceTypes.${type} must be a non-empty array of permission ids (strings)`);
    }
    types.set(type, new Set(permissions));
  }
  if (types.size === 0) throw new IntegrationDefinitionError(`${className}.resourceTypes declares no resource type`);
  return types;
}

/** tsyringe's metadata key for `@inject` tokens: { [parameter index]: token }. */
const INJECTION_TOKENS = 'injectionTokens';

/** Not `design:paramtypes`: only tsc emits it (docs/capabilities.md#init-checks). */
function assertInjectable(cls: IntegrationClass, className: string): void {
  if (cls.length === 0) return;
  const tokens: Record<string, unknown> = Reflect.getOwnMetadata(INJECTION_TOKENS, cls) ?? {};
  const names = constructorParameterNames(cls);
  const missing: string[] = [];
  for (let index = 0; index < cls.length; index++) {
    if (!(String(index) in tokens)) missing.push(`#${index}${names[index] === undefined ? '' : ` (${names[index]})`}`);
  }
  if (missing.length === 0) return;
  throw new IntegrationDefinitionError(
    `${className}'s constructor parameter${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ha${missing.length > 1 ? 've' : 's'} no @inject(Token): ` +
      'bundlers (esbuild, tsx) emit no decorator metadata, so tsyringe could not tell what to inject and the first event would fail. ' +
      'Write constructor(@inject(PortalClient) private readonly portal: PortalClient).',
  );
}

/** Best effort, for the error message only. */
function constructorParameterNames(cls: IntegrationClass): string[] {
  const match = /constructor\s*\(([^)]*)\)/.exec(Function.prototype.toString.call(cls));
  if (match?.[1] === undefined) return [];
  return match[1].split(',').map((part) => part.trim().replace(/[=\s].*$/, '')).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name));
}
