/** Lambda's own pattern for the Invoke API's `FunctionName`. See docs/local-loop.md#function-name. */
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
  /** `other`: matches the pattern but names no function. */
  form: 'name' | 'partial-arn' | 'arn' | 'other';
}

/** Why a `FunctionName` fails Lambda's constraints (Lambda answers 400 ValidationException). */
export interface MalformedFunctionName {
  malformed: 'length' | 'pattern';
}

/**
 * Reads a `FunctionName` as Lambda does: length and pattern first, then which form it is.
 * @example
 * parseFunctionName('arn:aws:lambda:us-east-1:000000000000:function:portal:live'); // { name: 'portal', qualifier: 'live', …, form: 'arn' }
 * parseFunctionName('evil:function:portal'); // { malformed: 'pattern' }
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
  // The pattern's optional groups combine freely; only three shapes name a function.
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
 * True when a parsed `FunctionName` names the served function, account, region and partition included.
 * @example namesServedFunction(parsed, { name: 'portal', region: 'us-east-1', accountId: '000000000000' });
 */
export function namesServedFunction(parsed: ParsedFunctionName, served: ServedFunction): boolean {
  if (parsed.form === 'other' || parsed.name !== served.name) return false;
  if (parsed.accountId !== undefined && parsed.accountId !== served.accountId) return false;
  if (parsed.form === 'arn') return parsed.region === served.region && parsed.partition === partitionOf(served.region);
  return true;
}

/**
 * The ARN of "Function not found": the requested parts, the endpoint's where the request left them out.
 * @example requestedFunctionArn(parseFunctionName('123456789012:function:portal') as ParsedFunctionName, served); // 'arn:aws:lambda:us-east-1:123456789012:function:portal'
 */
export function requestedFunctionArn(parsed: ParsedFunctionName, served: ServedFunction): string {
  const region = parsed.region ?? served.region;
  const partition = parsed.partition || partitionOf(region);
  const qualifier = parsed.qualifier === undefined ? '' : `:${parsed.qualifier}`;
  return `arn:${partition}:lambda:${region}:${parsed.accountId ?? served.accountId}:function:${parsed.name}${qualifier}`;
}

/** The ARN partition of a region (`aws-cn` for China, `aws-us-gov` for GovCloud). */
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
 * Reads the qualifier from `?Qualifier=` and from `name:qualifier`; an alias runs `$LATEST`.
 * See docs/local-loop.md#function-name.
 * @example
 * resolveQualifier('7', undefined);   // { executedVersion: '7' }
 * resolveQualifier('live', 'live');   // { executedVersion: '$LATEST' }
 * resolveQualifier('a.b', undefined); // { malformed: 'pattern', value: 'a.b' }
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
 * False for a `$`-name other than `$LATEST`: the pattern allows it, but it names nothing.
 * @example namesVersionOrAlias('$PROD'); // false
 */
export function namesVersionOrAlias(qualifier: string): boolean {
  return qualifier === '$LATEST' || !qualifier.includes('$');
}
