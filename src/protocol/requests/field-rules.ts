/**
 * The two field rules of the wire protocol, each with one message that names the
 * rule. Messages never include the value: it may be a secret.
 */
import { ValidateBy, type ValidationOptions } from 'class-validator';

function isNonEmptyString(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0;
}

/** The field must be a string with at least one character. */
export function IsNonEmptyString(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNonEmptyString',
      validator: { validate: isNonEmptyString, defaultMessage: () => 'must be a non-empty string' },
    },
    options,
  );
}

/** The field must be an array of at least one non-empty string. */
export function IsNonEmptyStringArray(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNonEmptyStringArray',
      validator: {
        validate: (value: unknown) => Array.isArray(value) && value.length > 0 && value.every(isNonEmptyString),
        defaultMessage: () => 'must be a non-empty array of non-empty strings',
      },
    },
    options,
  );
}
