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
