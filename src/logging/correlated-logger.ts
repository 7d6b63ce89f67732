import { redactSecrets, redactSecretValues } from './redaction';
import type { LogFields, Logger } from './types';

/**
 * Wraps any {@link Logger} so that every line carries the invocation's
 * correlation fields (event_type, grant_id, request_id, cold_start) and no value
 * under a secret-looking key.
 *
 * @example
 * ```ts
 * const log = new CorrelatedLogger(baseLogger, { event_type: 'grant-access', grant_id: 'g-1' });
 * log.info('membership added', { membership_id: 'm-1' });
 * ```
 */
export class CorrelatedLogger implements Logger {
  private readonly correlation: LogFields;

  constructor(
    private readonly base: Logger,
    correlation: LogFields,
  ) {
    // Correlation fields come from the event too (event_type, grant_id): bounded and redacted like the rest.
    this.correlation = redactSecrets(correlation);
  }

  /** A logger with more correlation fields. */
  with(fields: LogFields): CorrelatedLogger {
    return new CorrelatedLogger(this.base, { ...this.correlation, ...fields });
  }

  debug(message: string, fields?: LogFields): void {
    this.base.debug(redactSecretValues(message), this.fields(fields));
  }

  info(message: string, fields?: LogFields): void {
    this.base.info(redactSecretValues(message), this.fields(fields));
  }

  warn(message: string, fields?: LogFields): void {
    this.base.warn(redactSecretValues(message), this.fields(fields));
  }

  error(message: string, fields?: LogFields): void {
    this.base.error(redactSecretValues(message), this.fields(fields));
  }

  private fields(extra: LogFields | undefined): LogFields {
    if (extra === undefined) return this.correlation;
    // Correlation fields win: a method logging its own `grant_id` must not mislabel the line.
    const fields: LogFields = { ...this.correlation };
    const redacted = redactSecrets(extra);
    for (const key of Object.keys(redacted)) if (!Object.hasOwn(fields, key)) fields[key] = redacted[key];
    return fields;
  }
}
