import type { ValidationError } from 'class-validator';

/**
 * Turns class-validator errors into "path rule" lines. Built from the rule's
 * message only: with `validationError: { value: false }` the value never travels.
 */
export function describeValidationErrors(errors: readonly ValidationError[], basePath: string, wireName: (property: string) => string): string[] {
  const lines: string[] = [];
  for (const error of errors) {
    const path = `${basePath}.${wireName(error.property)}`;
    for (const message of Object.values(error.constraints ?? {})) {
      // class-validator's default messages start with the property name: say it once.
      const rule = message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message;
      lines.push(`${path} ${rule}`);
    }
    if (error.children?.length) lines.push(...describeValidationErrors(error.children, path, (p) => p));
  }
  return lines;
}
