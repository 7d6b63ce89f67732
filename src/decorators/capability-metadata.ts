import type { Capability } from './constants';

/** One decorated method: which capability, on which method name. */
export interface CapabilityMethod {
  capability: Capability;
  methodName: string;
}

/**
 * Metadata lives on the class constructor under a string key, not on the method
 * function: another decorator may replace the function, and a string key (in the
 * one global reflect-metadata registry) is shared by two bundled copies of this package.
 */
const METADATA_KEY = 'apono-lambda-kit:capabilities';

/**
 * A method decorator, typed so that a method with the wrong signature does not compile.
 *
 * @example
 * ```ts
 * const decorate: CapabilityDecorator<GrantMethod> = Grant();
 * // `@Grant() async grant(count: number) {}` fails to compile: number is no GrantRequest.
 * ```
 */
export type CapabilityDecorator<M> = <T extends M>(target: object, methodName: string | symbol, descriptor: TypedPropertyDescriptor<T>) => void;


/**
 * Makes the decorator for one capability. Decorators only record; `bootstrap`
 * reads the records once, at init.
 */
export function capabilityDecorator<M>(capability: Capability): CapabilityDecorator<M> {
  return (target, methodName) => {
    if (typeof methodName === 'object' && methodName !== null && 'kind' in methodName) {
      // TypeScript's standard (TC39) decorators call (value, context): the project compiles without experimentalDecorators.
      throw new TypeError(
        `@${capability} was applied as a standard decorator: apono-lambda-kit's decorators (like tsyringe's and class-validator's) ` +
          'need "experimentalDecorators": true and "emitDecoratorMetadata": true in tsconfig.json compilerOptions.',
      );
    }
    if (typeof methodName !== 'string') throw new TypeError(`@${capability} needs a method with a string name`);
    const owner = target.constructor;
    const own: CapabilityMethod[] = Reflect.getOwnMetadata(METADATA_KEY, owner) ?? [];
    Reflect.defineMetadata(METADATA_KEY, [...own, { capability, methodName }], owner);
  };
}

/**
 * The capability methods of a class, its own and inherited ones. A method
 * overridden in a subclass counts once, with the subclass's decorators.
 *
 * @example
 * ```ts
 * readCapabilityMethods(PortalIntegration); // [{ capability: 'Grant', methodName: 'grant' }, …]
 * ```
 */
export function readCapabilityMethods(cls: abstract new (...args: never[]) => unknown): CapabilityMethod[] {
  const result: CapabilityMethod[] = [];
  const claimed = new Set<string>();
  for (let current: unknown = cls; typeof current === 'function' && current !== Function.prototype; current = Object.getPrototypeOf(current)) {
    const own: CapabilityMethod[] = Reflect.getOwnMetadata(METADATA_KEY, current as object) ?? [];
    const names = new Set(own.map((m) => m.methodName));
    result.push(...own.filter((m) => !claimed.has(m.methodName)));
    names.forEach((name) => claimed.add(name));
  }
  return result;
}
