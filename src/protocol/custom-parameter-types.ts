import { getMetadataStorage } from 'class-validator';

/** Rules whose value is a number: a numeric string is read as that number. */
const NUMBER_RULES: ReadonlySet<string> = new Set(['isInt', 'isNumber', 'min', 'max', 'isPositive', 'isNegative', 'isDivisibleBy', 'isLatitude', 'isLongitude']);
/** Rules whose value is a boolean: "true" and "false" are read as booleans. */
const BOOLEAN_RULES: ReadonlySet<string> = new Set(['isBoolean']);
/** A whole decimal literal, as a person types a number in a form: no units, no hex, no blanks. */
const NUMERIC = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** What a custom parameter is converted to. */
type Conversion = 'number' | 'boolean';

/**
 * How the string values Apono sends become the types a custom parameters class
 * declares, read from its class-validator rules once, at init: `@IsInt`,
 * `@IsNumber`, `@Min`, `@Max`… make a numeric string a number; `@IsBoolean` makes
 * "true"/"false" booleans. Why the rules and not `design:type` (class-transformer's
 * implicit conversion): bundlers such as esbuild emit no decorator metadata, and
 * the conversion must be the same on every build path.
 *
 * @example
 * ```ts
 * const convert = customParameterConversions(DatabaseParams);
 * convert({ port: '5432', tls: 'false' }); // { port: 5432, tls: false }
 * ```
 */
export function customParameterConversions(cls: object): (plain: Record<string, unknown>) => Record<string, unknown> {
  const conversions = new Map<string, Conversion>();
  for (const rule of getMetadataStorage().getTargetValidationMetadatas(cls as new () => object, '', true, false)) {
    const name = rule.name ?? '';
    if (NUMBER_RULES.has(name)) conversions.set(rule.propertyName, 'number');
    else if (BOOLEAN_RULES.has(name) && !conversions.has(rule.propertyName)) conversions.set(rule.propertyName, 'boolean');
  }
  if (conversions.size === 0) return (plain) => plain;
  return (plain) => {
    const converted: Record<string, unknown> = { ...plain };
    for (const [property, to] of conversions) {
      if (!Object.hasOwn(plain, property)) continue;
      const value = plain[property];
      if (typeof value !== 'string') continue;
      if (to === 'number' && NUMERIC.test(value)) converted[property] = Number(value);
      else if (to === 'boolean' && (value === 'true' || value === 'false')) converted[property] = value === 'true';
    }
    return converted;
  };
}
