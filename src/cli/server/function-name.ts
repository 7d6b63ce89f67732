/**
 * Lambda's own constraint on the Invoke API's `FunctionName` (its API reference):
 * a name, a partial ARN or a full ARN, each with an optional qualifier. Anchored:
 * the whole value must match, so `evil:function:portal` is malformed, not `portal`.
 */
export const FUNCTION_NAME_PATTERN_SOURCE =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?';

/** The longest `FunctionName` Invoke accepts (a full ARN with a qualifier). */
export const FUNCTION_NAME_MAX_LENGTH = 170;

const FUNCTION_NAME_PATTERN = new RegExp(`^${FUNCTION_NAME_PATTERN_SOURCE}$`);

/** A `FunctionName` that satisfies Lambda's constraints, split into its parts. */
export interface ParsedFunctionName {
  name: string;
  qualifier?: string;
  /** Present for a full ARN (`aws`, `aws-cn`, …; may be empty). */
  partition?: string;
  region?: string;
  accountId?: string;
  /** `name`, `account:function:name`, `arn:…:function:name`, or a pattern-valid shape Lambda resolves to no function. */
  form: 'name' | 'partial-arn' | 'arn' | 'other';
}

/** Why a `FunctionName` fails Lambda's constraints (Lambda answers 400 ValidationException). */
export interface MalformedFunctionName {
  malformed: 'length' | 'pattern';
}

/**
 * Reads a `FunctionName` as Lambda does: the length and pattern constraints
 * first, then which of the three documented forms it is.
 *
 * @example
 * ```ts
 * parseFunctionName('arn:aws:lambda:us-east-1:000000000000:function:portal:live');
 * // { name: 'portal', qualifier: 'live', partition: 'aws', region: 'us-east-1', accountId: '000000000000', form: 'arn' }
 * parseFunctionName('evil:function:portal'); // { malformed: 'pattern' }
 * ```
 */
export function parseFunctionName(value: string): ParsedFunctionName | MalformedFunctionName {
  if (value.length < 1 || value.length > FUNCTION_NAME_MAX_LENGTH) return { malformed: 'length' };
  const match = FUNCTION_NAME_PATTERN.exec(value);
  if (!match) return { malformed: 'pattern' };
  const [, arnPrefix, partition, regionPart, , , , , accountPart, functionPart, name, , qualifier] = match;
  if (name === undefined) return { malformed: 'pattern' };
  const region = regionPart?.slice(0, -1);
  const accountId = accountPart?.slice(0, -1);
  const parts = { name, ...(qualifier !== undefined ? { qualifier } : {}) };
  // The pattern lets its optional groups combine freely (`function:f`, `123456789012:f`, `arn:aws:lambda:f`);
  // only the three documented shapes name a function.
  if (arnPrefix === undefined && region === undefined && accountId === undefined && functionPart === undefined) {
    return { ...parts, form: 'name' };
  }
  if (arnPrefix === undefined && region === undefined && accountId !== undefined && functionPart !== undefined) {
    return { ...parts, accountId, form: 'partial-arn' };
  }
  if (arnPrefix !== undefined && region !== undefined && accountId !== undefined && functionPart !== undefined) {
    return { ...parts, partition: partition ?? '', region, accountId, form: 'arn' };
  }
  return { ...parts, ...(region !== undefined ? { region } : {}), ...(accountId !== undefined ? { accountId } : {}), form: 'other' };
}

/** The function a local endpoint serves: its name, and the region and account its ARN carries. */
export interface ServedFunction {
  name: string;
  region: string;
  accountId: string;
}

/**
 * True when a parsed `FunctionName` names the served function: same name, and
 * the account, region and partition of an ARN are the served ones. Every
 * qualifier is accepted: the local endpoint has only `$LATEST` to run.
 *
 * @example
 * ```ts
 * namesServedFunction(parsed, { name: 'portal', region: 'us-east-1', accountId: '000000000000' });
 * ```
 */
export function namesServedFunction(parsed: ParsedFunctionName, served: ServedFunction): boolean {
  if (parsed.form === 'other' || parsed.name !== served.name) return false;
  if (parsed.accountId !== undefined && parsed.accountId !== served.accountId) return false;
  if (parsed.form === 'arn') return parsed.region === served.region && parsed.partition === partitionOf(served.region);
  return true;
}

/**
 * The ARN Lambda names in "Function not found": the requested parts, the
 * endpoint's region and account where the request left them out.
 *
 * @example
 * ```ts
 * requestedFunctionArn(parseFunctionName('123456789012:function:portal') as ParsedFunctionName, served);
 * // 'arn:aws:lambda:us-east-1:123456789012:function:portal'
 * ```
 */
export function requestedFunctionArn(parsed: ParsedFunctionName, served: ServedFunction): string {
  const region = parsed.region ?? served.region;
  const partition = parsed.partition || partitionOf(region);
  const qualifier = parsed.qualifier === undefined ? '' : `:${parsed.qualifier}`;
  return `arn:${partition}:lambda:${region}:${parsed.accountId ?? served.accountId}:function:${parsed.name}${qualifier}`;
}

/**
 * The ARN partition of a region (`aws-cn` for China, `aws-us-gov` for GovCloud).
 *
 * @example
 * ```ts
 * partitionOf('cn-north-1'); // 'aws-cn'
 * ```
 */
function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Lambda's constraint on the Invoke API's `Qualifier` (its API reference). */
export const QUALIFIER_PATTERN_SOURCE = '(|[a-zA-Z0-9$_-]+)';
/** The longest `Qualifier` Invoke accepts. */
export const QUALIFIER_MAX_LENGTH = 128;

const QUALIFIER_PATTERN = new RegExp(`^${QUALIFIER_PATTERN_SOURCE}$`);
const VERSION = /^[0-9]+$/;

/** What a request asks to run: the version it executes, or why Lambda would refuse it (400). */
export type ResolvedQualifier =
  | { executedVersion: string }
  | { malformed: 'length' | 'pattern'; value: string }
  | { mismatch: true };

/**
 * Reads the qualifier of an Invoke request, from `?Qualifier=` and from the
 * `FunctionName` (`name:qualifier`), as Lambda does: the `Qualifier` must satisfy
 * its length and pattern constraints, the two must agree when both are given,
 * and the executed version is `$LATEST`, or the version a number names. The
 * local endpoint runs one code, so an alias runs `$LATEST` (Lambda would run
 * the version the alias points to).
 *
 * @example
 * ```ts
 * resolveQualifier('7', undefined);       // { executedVersion: '7' }
 * resolveQualifier('live', 'live');       // { executedVersion: '$LATEST' }
 * resolveQualifier('a.b', undefined);     // { malformed: 'pattern', value: 'a.b' }
 * ```
 */
export function resolveQualifier(fromQuery: string | null | undefined, fromName: string | undefined): ResolvedQualifier {
  if (fromQuery !== null && fromQuery !== undefined) {
    if (fromQuery.length > QUALIFIER_MAX_LENGTH) return { malformed: 'length', value: fromQuery };
    if (!QUALIFIER_PATTERN.test(fromQuery)) return { malformed: 'pattern', value: fromQuery };
    if (fromName !== undefined && fromQuery !== '' && fromQuery !== fromName) return { mismatch: true };
  }
  const qualifier = fromQuery || fromName;
  return { executedVersion: qualifier !== undefined && VERSION.test(qualifier) ? qualifier : '$LATEST' };
}

/**
 * True for a qualifier that could name a version or an alias: `$LATEST`, a
 * number, or an alias name (a `$` is allowed by the pattern but only `$LATEST` names anything).
 *
 * @example
 * ```ts
 * namesVersionOrAlias('$LATEST'); // true
 * namesVersionOrAlias('$PROD');   // false
 * ```
 */
export function namesVersionOrAlias(qualifier: string): boolean {
  return qualifier === '$LATEST' || !qualifier.includes('$');
}
