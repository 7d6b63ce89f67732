// Matched by `name`; no request value in a message. See docs/architecture.md#errors.

/** Options accepted by every {@link IntegrationError}. @example throw new InvalidEventError('params.custom_parameters must be an object', { cause: err }); */
export interface IntegrationErrorOptions {
  cause?: unknown;
}

/**
 * Base class of every error thrown by the framework; `retryable` says whether the same event may succeed later.
 * @example if (isIntegrationError(err) && err.retryable) scheduleRetry();
 */
export class IntegrationError extends Error {
  readonly retryable: boolean = false;

  constructor(message: string, options?: IntegrationErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'IntegrationError';
  }
}

/**
 * The event breaks the protocol or the custom parameter rules: the message names the field and rule, never the value.
 * @example throw new InvalidEventError('params.grant_id must be a non-empty string');
 */
export class InvalidEventError extends IntegrationError {
  constructor(message: string, options?: IntegrationErrorOptions) {
    super(message, options);
    this.name = 'InvalidEventError';
  }
}

/**
 * The class is no valid integration (a required capability missing or declared twice); thrown by `bootstrap()` at init.
 * @example bootstrap(ClassWithoutGrant); // throws IntegrationDefinitionError: "ClassWithoutGrant is not a valid integration: it has no `@Grant` method…"
 */
export class IntegrationDefinitionError extends IntegrationError {
  constructor(message: string, options?: IntegrationErrorOptions) {
    super(message, options);
    this.name = 'IntegrationDefinitionError';
  }
}

/**
 * The event asks for what this integration does not do (credentials without `@CreateCredentials`, an unknown type with `strict`).
 * @example throw new UnsupportedEventError('this integration does not issue credentials');
 */
export class UnsupportedEventError extends IntegrationError {
  constructor(message: string, options?: IntegrationErrorOptions) {
    super(message, options);
    this.name = 'UnsupportedEventError';
  }
}

/**
 * A grant_id was granted before for another user, resource or permission: one grant_id names one grant, so no method runs.
 * @example if (isIntegrationError(err, 'GrantConflictError')) alertOperator(err.message);
 */
export class GrantConflictError extends IntegrationError {
  constructor(message: string, options?: IntegrationErrorOptions) {
    super(message, options);
    this.name = 'GrantConflictError';
  }
}

/**
 * Another invocation holds this grant_id's lock; retryable once it finishes or the lock expires.
 * @example if (isIntegrationError(err, 'GrantInProgressError')) await sleep(1000); // then retry
 */
export class GrantInProgressError extends IntegrationError {
  override readonly retryable = true;
  constructor(message: string, options?: IntegrationErrorOptions) {
    super(message, options);
    this.name = 'GrantInProgressError';
  }
}

/**
 * Another invocation runs a credentials event for the same user and resources: two resets must not both rotate. Retryable.
 * @example if (isIntegrationError(err, 'CredentialsInProgressError')) await sleep(1000); // then retry
 */
export class CredentialsInProgressError extends IntegrationError {
  override readonly retryable = true;
  constructor(message: string, options?: IntegrationErrorOptions) {
    super(message, options);
    this.name = 'CredentialsInProgressError';
  }
}

/**
 * A grant-access for a grant_id being or already revoked: a late retry must never bring revoked access back.
 * @example if (isIntegrationError(err, 'GrantRevokedError')) return; // Apono retried a grant after its revoke
 */
export class GrantRevokedError extends IntegrationError {
  constructor(message: string, options?: IntegrationErrorOptions) {
    super(message, options);
    this.name = 'GrantRevokedError';
  }
}

/**
 * A method returned what the protocol cannot carry (a duplicate id, a non-string metadata value, no secret); never quotes a secret.
 * @example isIntegrationError(err, 'InvalidAnswerError') // 'PortalIntegration.projects resources[3].id "proj-1" is used twice; …'
 */
export class InvalidAnswerError extends IntegrationError {
  constructor(message: string, options?: IntegrationErrorOptions) {
    super(message, options);
    this.name = 'InvalidAnswerError';
  }
}

/**
 * The serialized answer is larger than a synchronous Lambda response may be (6 MB).
 * @example isIntegrationError(err, 'ResponseTooLargeError') // 'the list-resources answer is 6400113 bytes; … at most 6291456 bytes. …'
 */
export class ResponseTooLargeError extends IntegrationError {
  constructor(message: string, options?: IntegrationErrorOptions) {
    super(message, options);
    this.name = 'ResponseTooLargeError';
  }
}

/**
 * The grant store failed (its error is the `cause`): the event was not applied, or its outcome waits in this instance.
 * Retryable unless the store found the request invalid.
 * @example if (isIntegrationError(err, 'GrantStoreUnavailableError')) console.log('store down:', (err.cause as Error).name);
 */
export class GrantStoreUnavailableError extends IntegrationError {
  override readonly retryable: boolean;
  constructor(message: string, options?: IntegrationErrorOptions & { retryable?: boolean }) {
    super(message, options);
    this.name = 'GrantStoreUnavailableError';
    this.retryable = options?.retryable ?? true;
  }
}

/**
 * The method did not finish before the deadline (timeout less `deadlineMarginMs`); retryable, see docs/architecture.md#deadlines.
 * @example bootstrap(MyIntegration, { deadlineMarginMs: 2000 }); // answer 2 s before Lambda's timeout
 */
export class DeadlineExceededError extends IntegrationError {
  override readonly retryable = true;
  constructor(message: string, options?: IntegrationErrorOptions) {
    super(message, options);
    this.name = 'DeadlineExceededError';
  }
}

/**
 * A method failed (the `cause`) and releasing its lock failed too; `retryable` is the method's.
 * @example if (isIntegrationError(err, 'LockNotReleasedError')) console.warn('locked until', new Date(err.lockExpiresAtMs));
 */
export class LockNotReleasedError extends IntegrationError {
  override readonly retryable: boolean;
  readonly releaseError: unknown;
  readonly lockExpiresAtMs: number;

  constructor(methodError: unknown, releaseError: unknown, lockExpiresAtMs: number, consequence: string) {
    super(`${describeError(methodError)} — and then its lock was not released (${describeError(releaseError)}): ${consequence}`, { cause: methodError });
    this.name = 'LockNotReleasedError';
    this.retryable = (methodError as { retryable?: unknown } | null | undefined)?.retryable === true;
    this.releaseError = releaseError;
    this.lockExpiresAtMs = lockExpiresAtMs;
  }
}

/** `Name: message`: an AccessDeniedException's names the action and the table. */
function describeError(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/**
 * The names of every framework error: a Lambda Invoke caller sees only the payload's errorType.
 * @example (IntegrationErrorNames as readonly string[]).includes(payload.errorType)
 */
export const IntegrationErrorNames = [
  'IntegrationError',
  'InvalidEventError',
  'IntegrationDefinitionError',
  'UnsupportedEventError',
  'GrantConflictError',
  'GrantInProgressError',
  'CredentialsInProgressError',
  'GrantRevokedError',
  'InvalidAnswerError',
  'ResponseTooLargeError',
  'DeadlineExceededError',
  'GrantStoreUnavailableError',
  'LockNotReleasedError',
] as const;

/** The `name` of a framework error. @example const retryLater: IntegrationErrorName[] = ['GrantInProgressError', 'DeadlineExceededError']; */
export type IntegrationErrorName = (typeof IntegrationErrorNames)[number];

/**
 * True when `err` is a framework error (optionally of `name`), even from another bundled copy of this package.
 * @example if (isIntegrationError(err, 'GrantInProgressError')) { … }
 */
export function isIntegrationError(err: unknown, name?: IntegrationErrorName): err is IntegrationError {
  if (typeof err !== 'object' || err === null) return false;
  const errName = (err as { name?: unknown }).name;
  if (name !== undefined) return errName === name;
  return (IntegrationErrorNames as readonly unknown[]).includes(errName);
}
