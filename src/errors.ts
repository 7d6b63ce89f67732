/**
 * The error family of apono-lambda-kit.
 *
 * Every error the framework throws extends {@link IntegrationError}, sets its own
 * `name`, keeps the `cause` and says whether a retry of the same event may
 * succeed. Match errors by `name` (see {@link isIntegrationError}), not with
 * `instanceof`: two bundled copies of this package must still recognise each
 * other's errors. Lambda reports `name` as the invoke's `errorType`.
 *
 * Messages never contain request values: they may be secrets.
 */

/**
 * Options accepted by every {@link IntegrationError}.
 *
 * @example
 * ```ts
 * throw new InvalidEventError('params.custom_parameters must be an object', { cause: err });
 * ```
 */
export interface IntegrationErrorOptions {
  /** The underlying error, kept for logs and debugging. */
  cause?: unknown;
}

/**
 * Base class of every error thrown by the framework.
 *
 * @example
 * ```ts
 * try { await handler(event, context); }
 * catch (err) { if (isIntegrationError(err) && err.retryable) scheduleRetry(); }
 * ```
 */
export class IntegrationError extends Error {
  /** True when the same event, sent again later, may succeed. */
  readonly retryable: boolean = false;

  constructor(message: string, options?: IntegrationErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'IntegrationError';
  }
}

/**
 * The event (or a field of it) breaks the wire protocol or the integration's own
 * custom parameter rules. The message names the field and the rule, never the value.
 *
 * @example
 * ```ts
 * throw new InvalidEventError('params.grant_id must be a non-empty string');
 * ```
 */
export class InvalidEventError extends IntegrationError {
  constructor(message: string, options?: IntegrationErrorOptions) {
    super(message, options);
    this.name = 'InvalidEventError';
  }
}

/**
 * The integration class is not a valid integration: a required capability is
 * missing, or one is declared twice. Thrown by `bootstrap()` at init.
 *
 * @example
 * ```ts
 * bootstrap(ClassWithoutGrant); // IntegrationDefinitionError: PortalIntegration has no @Grant method …
 * ```
 */
export class IntegrationDefinitionError extends IntegrationError {
  constructor(message: string, options?: IntegrationErrorOptions) {
    super(message, options);
    this.name = 'IntegrationDefinitionError';
  }
}

/**
 * The event asks for something this integration does not do: credentials from an
 * integration without `@CreateCredentials`, or (with `strict`) an unknown event type.
 *
 * @example
 * ```ts
 * throw new UnsupportedEventError('this integration does not issue credentials');
 * ```
 */
export class UnsupportedEventError extends IntegrationError {
  constructor(message: string, options?: IntegrationErrorOptions) {
    super(message, options);
    this.name = 'UnsupportedEventError';
  }
}

/**
 * A grant_id was granted before with a different username, resource type,
 * resources or permission. The method is not run: one grant_id names one grant.
 *
 * @example
 * ```ts
 * if (err.name === 'GrantConflictError') alertOperator(err.message);
 * ```
 */
export class GrantConflictError extends IntegrationError {
  constructor(message: string, options?: IntegrationErrorOptions) {
    super(message, options);
    this.name = 'GrantConflictError';
  }
}

/**
 * Another invocation holds the lock on this grant_id (a grant or revoke is under
 * way). Retryable: once that invocation finishes or its lock expires, a retry proceeds.
 *
 * @example
 * ```ts
 * if (err.name === 'GrantInProgressError') await sleep(1000); // then retry
 * ```
 */
export class GrantInProgressError extends IntegrationError {
  override readonly retryable = true;
  constructor(message: string, options?: IntegrationErrorOptions) {
    super(message, options);
    this.name = 'GrantInProgressError';
  }
}

/**
 * Another invocation is running a credentials event (create, reset or delete) for
 * the same username, resource type and resources. The method is not run, so two
 * resets never both rotate and hand out a secret that is already dead. Retryable:
 * once that invocation finishes or its lock expires, a retry proceeds.
 *
 * @example
 * ```ts
 * if (err.name === 'CredentialsInProgressError') await sleep(1000); // then retry
 * ```
 */
export class CredentialsInProgressError extends IntegrationError {
  override readonly retryable = true;
  constructor(message: string, options?: IntegrationErrorOptions) {
    super(message, options);
    this.name = 'CredentialsInProgressError';
  }
}

/**
 * A grant-access arrived for a grant_id that is being or has been revoked. The
 * method is not run: a late retry must never bring revoked access back.
 *
 * @example
 * ```ts
 * // Apono retried a grant after the revoke: nothing is granted, the error says so.
 * ```
 */
export class GrantRevokedError extends IntegrationError {
  constructor(message: string, options?: IntegrationErrorOptions) {
    super(message, options);
    this.name = 'GrantRevokedError';
  }
}

/**
 * An integration method returned something the protocol cannot carry: a
 * resource without an id, two resources with one id, a metadata value that is
 * not a string, a credentials answer without a secret. The message names the
 * method and the rule; it never quotes a secret.
 *
 * @example
 * ```ts
 * // InvalidAnswerError: PortalIntegration.projects returned resources[3].id "proj-1" twice; ids must be unique
 * ```
 */
export class InvalidAnswerError extends IntegrationError {
  constructor(message: string, options?: IntegrationErrorOptions) {
    super(message, options);
    this.name = 'InvalidAnswerError';
  }
}

/**
 * The serialized answer is larger than a synchronous Lambda response may be (6 MB).
 *
 * @example
 * ```ts
 * // ResponseTooLargeError: list-resources answer is 6400113 bytes; Lambda's limit is 6291456 bytes …
 * ```
 */
export class ResponseTooLargeError extends IntegrationError {
  constructor(message: string, options?: IntegrationErrorOptions) {
    super(message, options);
    this.name = 'ResponseTooLargeError';
  }
}

/**
 * The grant store failed (unreachable, throttled, refused the request): the event
 * was not applied, or its outcome is kept in this instance until it can be written.
 * Retryable, unless the store refused the request as invalid (a ValidationException).
 * The store's own error is the `cause`; the message names only the operation, the
 * grant_id and the error's name, never request values.
 *
 * @example
 * ```ts
 * if (isIntegrationError(err, 'GrantStoreUnavailableError')) console.log('store down:', (err.cause as Error).name);
 * ```
 */
export class GrantStoreUnavailableError extends IntegrationError {
  override readonly retryable: boolean;
  /** `retryable` false for a refusal that a retry cannot change (the store found the request invalid). */
  constructor(message: string, options?: IntegrationErrorOptions & { retryable?: boolean }) {
    super(message, options);
    this.name = 'GrantStoreUnavailableError';
    this.retryable = options?.retryable ?? true;
  }
}

/**
 * The method did not finish before the invocation's deadline (the Lambda timeout
 * less `deadlineMarginMs`), or too little time was left to start it. Retryable:
 * a method still running keeps its grant's lock, and the framework settles what it
 * did once it ends (see the README's "Deadlines").
 *
 * @example
 * ```ts
 * bootstrap(MyIntegration, { deadlineMarginMs: 2000 });
 * ```
 */
export class DeadlineExceededError extends IntegrationError {
  override readonly retryable = true;
  constructor(message: string, options?: IntegrationErrorOptions) {
    super(message, options);
    this.name = 'DeadlineExceededError';
  }
}

/**
 * A method failed, and releasing the lock it ran under failed too (the store was
 * down, or the role may not write). The method's error is the `cause`, and the
 * message starts with it, then says the lock was kept and until when: the next
 * event on the same record is refused as in progress until then, and proceeds after.
 * `retryable` is the method's own: whether a retry can succeed is about the method.
 *
 * @example
 * ```ts
 * if (isIntegrationError(err, 'LockNotReleasedError')) {
 *   console.warn('locked until', new Date(err.lockExpiresAtMs), 'because', err.cause);
 * }
 * ```
 */
export class LockNotReleasedError extends IntegrationError {
  override readonly retryable: boolean;
  /** Why the release failed (the store's error). */
  readonly releaseError: unknown;
  /** When the kept lock expires. */
  readonly lockExpiresAtMs: number;

  constructor(methodError: unknown, releaseError: unknown, lockExpiresAtMs: number, consequence: string) {
    super(`${describeError(methodError)} — and then its lock was not released (${describeError(releaseError)}): ${consequence}`, { cause: methodError });
    this.name = 'LockNotReleasedError';
    this.retryable = (methodError as { retryable?: unknown } | null | undefined)?.retryable === true;
    this.releaseError = releaseError;
    this.lockExpiresAtMs = lockExpiresAtMs;
  }
}

/** `Name: message` of an error (an AccessDeniedException names the action and the table). */
function describeError(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/**
 * The names of every framework error, for matching without `instanceof`.
 *
 * @example
 * ```ts
 * // A Lambda Invoke caller sees only the payload's errorType.
 * const fromFramework = (IntegrationErrorNames as readonly string[]).includes(payload.errorType);
 * ```
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

/**
 * The `name` of a framework error.
 *
 * @example
 * ```ts
 * const retryLater: IntegrationErrorName[] = ['GrantInProgressError', 'DeadlineExceededError'];
 * ```
 */
export type IntegrationErrorName = (typeof IntegrationErrorNames)[number];

/**
 * True when `err` is a framework error (optionally: of the given name), even when
 * it comes from another bundled copy of this package.
 *
 * @example
 * ```ts
 * if (isIntegrationError(err, 'GrantInProgressError')) { … }
 * ```
 */
export function isIntegrationError(err: unknown, name?: IntegrationErrorName): err is IntegrationError {
  if (typeof err !== 'object' || err === null) return false;
  const errName = (err as { name?: unknown }).name;
  if (name !== undefined) return errName === name;
  return (IntegrationErrorNames as readonly unknown[]).includes(errName);
}
