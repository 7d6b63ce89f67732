import type { ValidationError } from 'class-validator';

/** How {@link describeValidationErrors} words a property's failure. */
export interface DescribeOptions {
  /**
   * One line per property, for the rule declared first (the top decorator, usually
   * the type): class-validator runs a property's rules bottom-up, so with all of them
   * collected the first declared is the last one reported.
   */
  firstDeclaredOnly?: boolean;
  /** True when the property has no value: the line then says it is required. */
  missing?: (property: string) => boolean;
}

/**
 * Turns class-validator errors into "path rule" lines. Built from the rule's
 * message only: with `validationError: { value: false }` the value never travels.
 *
 * @example
 * ```ts
 * describeValidationErrors(errors, 'params', (p) => p); // ['params.username must be a non-empty string']
 * ```
 */
export function describeValidationErrors(
  errors: readonly ValidationError[],
  basePath: string,
  wireName: (property: string) => string,
  options: DescribeOptions = {},
): string[] {
  const lines: string[] = [];
  for (const error of errors) {
    const path = `${basePath}.${wireName(error.property)}`;
    let messages = Object.values(error.constraints ?? {});
    if (options.firstDeclaredOnly === true && messages.length > 1) messages = messages.slice(-1);
    for (const message of messages) {
      // class-validator's default messages start with the property name: say it once.
      const rule = message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message;
      lines.push(options.missing?.(error.property) === true ? `${path} is required: ${rule}` : `${path} ${rule}`);
    }
    if (error.children?.length) lines.push(...describeValidationErrors(error.children, path, (p) => p, options));
  }
  return lines;
}
