import { redactSecrets, redactSecretValues } from './redaction';

/**
 * The logger contract: anything with these four methods, such as Powertools'
 * Logger, or pino through a two-line adapter (pino takes the fields first).
 *
 * @example
 * ```ts
 * const logger: Logger = { debug: (m, f) => pino.debug(f, m), info: (m, f) => pino.info(f, m),
 *                          warn: (m, f) => pino.warn(f, m), error: (m, f) => pino.error(f, m) };
 * ```
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/**
 * Structured fields of one log line.
 *
 * @example
 * ```ts
 * const fields: LogFields = { grant_id: req.grantId, resources: req.resources };
 * logger.info('membership added', fields);
 * ```
 */
export type LogFields = Record<string, unknown>;

/**
 * Log levels, lowest first.
 * @example const logger = new JsonLogger({ level: LogLevel.DEBUG });
 */
export const LogLevel = { DEBUG: 'DEBUG', INFO: 'INFO', WARN: 'WARN', ERROR: 'ERROR' } as const;

/**
 * One of {@link LogLevel}.
 * @example const level: LogLevel = process.env.STAGE === 'dev' ? 'DEBUG' : 'INFO';
 */
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

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

const RANK: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40 };

/**
 * Options of {@link JsonLogger}.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const logger = new JsonLogger({ level: 'WARN', write: (line) => lines.push(line) });
 * ```
 */
export interface JsonLoggerOptions {
  /** The lowest level written. Default: `AWS_LAMBDA_LOG_LEVEL`, then `LOG_LEVEL`, then INFO. */
  level?: LogLevel;
  /** Where each line goes. Default: process.stdout (no console prefix, so CloudWatch sees pure JSON). */
  write?: (line: string) => void;
}

/** JSON.stringify replacer for values JSON has no form for. */
function serializable(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/**
 * One JSON line. The plain call first: a replacer function makes every line about
 * twice as slow, and only the rare BigInt field needs one.
 */
function serialize(entry: LogFields): string {
  try {
    return JSON.stringify(entry);
  } catch {
    try {
      return JSON.stringify(entry, serializable);
    } catch {
      return JSON.stringify({ level: entry.level, message: entry.message, timestamp: entry.timestamp, log_error: 'the fields of this line could not be serialized (circular?)' });
    }
  }
}

/**
 * Lambda's Advanced Logging Controls levels beyond ours: TRACE writes everything
 * (DEBUG is our lowest); FATAL keeps ERROR, since this logger has no fatal level and
 * hiding every error line would hide the failures the setting was chosen to see.
 */
const LAMBDA_LEVEL_ALIASES: Readonly<Record<string, LogLevel>> = { TRACE: LogLevel.DEBUG, FATAL: LogLevel.ERROR };

function levelFromEnvironment(): LogLevel {
  const raw = (process.env.AWS_LAMBDA_LOG_LEVEL ?? process.env.LOG_LEVEL ?? '').toUpperCase();
  if (Object.hasOwn(RANK, raw)) return raw as LogLevel;
  return LAMBDA_LEVEL_ALIASES[raw] ?? LogLevel.INFO;
}

/**
 * The default logger: one JSON object per line with `level`, `message`,
 * `timestamp` and the given fields.
 *
 * @example
 * ```ts
 * const logger = new JsonLogger({ level: 'DEBUG' });
 * logger.info('grant-access ok', { grant_id: 'g-1' });
 * // {"level":"INFO","message":"grant-access ok","timestamp":"…","grant_id":"g-1"}
 * ```
 */
export class JsonLogger implements Logger {
  private readonly threshold: number;
  private readonly write: (line: string) => void;

  constructor(options: JsonLoggerOptions = {}) {
    this.threshold = RANK[options.level ?? levelFromEnvironment()];
    this.write = options.write ?? ((line) => process.stdout.write(line));
  }

  debug(message: string, fields?: LogFields): void {
    this.log(LogLevel.DEBUG, message, fields);
  }

  info(message: string, fields?: LogFields): void {
    this.log(LogLevel.INFO, message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    this.log(LogLevel.WARN, message, fields);
  }

  error(message: string, fields?: LogFields): void {
    this.log(LogLevel.ERROR, message, fields);
  }

  private log(level: LogLevel, message: string, fields: LogFields | undefined): void {
    if (RANK[level] < this.threshold) return;
    const entry: LogFields = { level, message, timestamp: new Date().toISOString() };
    // The logger's own fields win over same-named ones, and keep their place first.
    if (fields !== undefined) for (const key of Object.keys(fields)) if (!Object.hasOwn(entry, key)) entry[key] = fields[key];
    try {
      this.write(`${serialize(entry)}\n`);
    } catch {
      // A log line must never fail the invocation it describes.
    }
  }

}
