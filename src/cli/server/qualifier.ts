import type { LambdaServiceError } from './lambda-api-responses';

/** Lambda's constraint on the Invoke API's `Qualifier` (its API reference). */
export const QUALIFIER_PATTERN_SOURCE = '(|[a-zA-Z0-9$_-]+)';
/** The longest `Qualifier` Invoke accepts. */
export const QUALIFIER_MAX_LENGTH = 128;

const QUALIFIER_PATTERN = new RegExp(`^${QUALIFIER_PATTERN_SOURCE}$`);
const VERSION = /^[0-9]+$/;

/** What a request asks to run: the version it executes, or the service error Lambda would answer. */
export type ResolvedQualifier = { executedVersion: string } | { error: LambdaServiceError };

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
 * resolveQualifier('a.b', undefined);     // { error: ValidationException … }
 * ```
 */
export function resolveQualifier(fromQuery: string | null | undefined, fromName: string | undefined): ResolvedQualifier {
  if (fromQuery !== null && fromQuery !== undefined) {
    if (fromQuery.length > QUALIFIER_MAX_LENGTH || !QUALIFIER_PATTERN.test(fromQuery)) return { error: invalidQualifier(fromQuery) };
    if (fromName !== undefined && fromQuery !== '' && fromQuery !== fromName) return { error: qualifierMismatch() };
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

function invalidQualifier(value: string): LambdaServiceError {
  const constraint =
    value.length > QUALIFIER_MAX_LENGTH
      ? `Member must have length less than or equal to ${QUALIFIER_MAX_LENGTH}`
      : `Member must satisfy regular expression pattern: ${QUALIFIER_PATTERN_SOURCE}`;
  return {
    statusCode: 400,
    errorType: 'ValidationException',
    // Cut: a qualifier is a name, but an overlong one is not worth echoing whole.
    message: `1 validation error detected: Value '${value.slice(0, QUALIFIER_MAX_LENGTH)}' at 'qualifier' failed to satisfy constraint: ${constraint}`,
  };
}

function qualifierMismatch(): LambdaServiceError {
  return {
    statusCode: 400,
    errorType: 'InvalidParameterValueException',
    message: 'The derived qualifier from the function name does not match the specified qualifier.',
  };
}
