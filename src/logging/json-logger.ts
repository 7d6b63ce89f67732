import { LogLevel, type LogFields, type Logger } from './types';

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

function levelFromEnvironment(): LogLevel {
  const raw = (process.env.AWS_LAMBDA_LOG_LEVEL ?? process.env.LOG_LEVEL ?? '').toUpperCase();
  return raw in RANK ? (raw as LogLevel) : LogLevel.INFO;
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
