import type { ClassConstructor } from 'class-transformer';
import { IntegrationDefinitionError } from '../errors';
import { readCapabilityMethods } from '../decorators/capability-metadata';
import { Capability, REQUIRED_CAPABILITIES } from '../decorators/constants';
import type { IntegrationClass } from '../integration';

/** What `bootstrap` learns about an integration class, once, at init. */
export interface IntegrationDefinition {
  className: string;
  /** The method name for each declared capability. */
  methods: Partial<Record<Capability, string>>;
  customParametersClass: ClassConstructor<object> | undefined;
  /** The resource types the class declares (`static resourceTypes`), if it does. */
  resourceTypes: ReadonlySet<string> | undefined;
}

/**
 * Reads and checks an integration class: exactly one method for each required
 * capability, no capability twice, and every decorated name a method.
 *
 * @example
 * ```ts
 * const definition = defineIntegration(PortalIntegration); // or IntegrationDefinitionError
 * ```
 */
export function defineIntegration(cls: IntegrationClass): IntegrationDefinition {
  const className = cls.name || 'the integration class';
  const byCapability = new Map<Capability, string[]>();
  for (const { capability, methodName } of readCapabilityMethods(cls)) {
    byCapability.set(capability, [...(byCapability.get(capability) ?? []), methodName]);
  }

  const problems: string[] = [];
  for (const capability of REQUIRED_CAPABILITIES) {
    if (!byCapability.has(capability)) problems.push(`it has no @${capability} method`);
  }
  const methods: Partial<Record<Capability, string>> = {};
  for (const [capability, names] of byCapability) {
    if (names.length > 1) problems.push(`@${capability} is on ${names.length} methods (${names.join(', ')}); one method may handle it`);
    for (const name of names) {
      if (typeof (cls.prototype as Record<string, unknown>)[name] !== 'function') problems.push(`@${capability} is on ${name}, which is not a method`);
    }
    methods[capability] = names[0];
  }
  if (problems.length > 0) {
    throw new IntegrationDefinitionError(`${className} is not a valid integration: ${problems.join('; ')}. ` +
      'Declare exactly one method each for @ListResources, @Grant and @Revoke, and at most one per optional capability.');
  }

  const uninjected = uninjectedParameters(cls);
  if (uninjected.length > 0) {
    throw new IntegrationDefinitionError(
      `${className}'s constructor parameter${uninjected.length > 1 ? 's' : ''} ${uninjected.join(', ')} ha${uninjected.length > 1 ? 've' : 's'} no @inject(Token): ` +
        'bundlers (esbuild, tsx) emit no decorator metadata, so tsyringe could not tell what to inject and the first event would fail. ' +
        'Write constructor(@inject(PortalClient) private readonly portal: PortalClient).',
    );
  }

  const customParametersClass = cls.customParameters;
  if (customParametersClass !== undefined && typeof customParametersClass !== 'function') {
    throw new IntegrationDefinitionError(`${className}.customParameters must be a class (with class-validator decorators)`);
  }
  const declared = cls.resourceTypes;
  if (declared !== undefined && (typeof declared !== 'object' || declared === null || Array.isArray(declared))) {
    throw new IntegrationDefinitionError(`${className}.resourceTypes must be an object of resource type → permission ids`);
  }
  const resourceTypes = declared === undefined ? undefined : new Set(Object.keys(declared));
  return { className, methods, customParametersClass, resourceTypes };
}

/** tsyringe's metadata key for `@inject` tokens: { [parameter index]: token }. */
const INJECTION_TOKENS = 'injectionTokens';

/**
 * The constructor parameters (as `#index name`) that have no `@inject(Token)`. Why
 * not trust `design:paramtypes`: it exists only when tsc compiled the class, so a
 * class that works under ts-jest would fail under tsx or a bundle; the rule is the
 * same on every build path.
 */
function uninjectedParameters(cls: IntegrationClass): string[] {
  if (cls.length === 0) return [];
  const tokens: Record<string, unknown> = Reflect.getOwnMetadata(INJECTION_TOKENS, cls) ?? {};
  const names = constructorParameterNames(cls);
  const missing: string[] = [];
  for (let index = 0; index < cls.length; index++) {
    if (!(String(index) in tokens)) missing.push(`#${index}${names[index] === undefined ? '' : ` (${names[index]})`}`);
  }
  return missing;
}

/** Parameter names from the class's source, best effort (only for the error message). */
function constructorParameterNames(cls: IntegrationClass): string[] {
  const match = /constructor\s*\(([^)]*)\)/.exec(Function.prototype.toString.call(cls));
  if (match?.[1] === undefined) return [];
  return match[1].split(',').map((part) => part.trim().replace(/[=\s].*$/, '')).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name));
}
