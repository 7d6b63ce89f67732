// The JSON-lines logger and the redaction every line passes through.

/**
 * What the framework logs through: Powertools' Logger fits as is, pino through an adapter (it takes the fields first).
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

/** Structured fields of one log line. @example logger.info('membership added', { grant_id: req.grantId } satisfies LogFields); */
export type LogFields = Record<string, unknown>;

/** Log levels, lowest first. @example const logger = new JsonLogger({ level: LogLevel.DEBUG }); */
export const LogLevel = { DEBUG: 'DEBUG', INFO: 'INFO', WARN: 'WARN', ERROR: 'ERROR' } as const;

/** One of {@link LogLevel}. @example const level: LogLevel = process.env.STAGE === 'dev' ? 'DEBUG' : 'INFO'; */
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

/**
 * Wraps a {@link Logger}: every line gets the correlation fields, and is redacted and capped. See docs/architecture.md#logging.
 * @example new CorrelatedLogger(baseLogger, { event_type: 'grant-access', grant_id: 'g-1' }).info('membership added');
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

/** Options of {@link JsonLogger}. @example new JsonLogger({ level: 'WARN', write: (line) => lines.push(line) }); */
export interface JsonLoggerOptions {
  /** The lowest level written. Default: `AWS_LAMBDA_LOG_LEVEL`, then `LOG_LEVEL`, then INFO. */
  level?: LogLevel;
  /** Where each line goes. Default: process.stdout (no console prefix, so CloudWatch sees pure JSON). */
  write?: (line: string) => void;
}

function serializable(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** One JSON line. The plain call first: a replacer makes every line about twice as slow, and only a rare BigInt needs one. */
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

/** Lambda's levels beyond ours: TRACE reads as DEBUG, FATAL as ERROR (errors are never hidden). See docs/architecture.md#logging. */
const LAMBDA_LEVEL_ALIASES: Readonly<Record<string, LogLevel>> = { TRACE: LogLevel.DEBUG, FATAL: LogLevel.ERROR };

function levelFromEnvironment(): LogLevel {
  const raw = (process.env.AWS_LAMBDA_LOG_LEVEL ?? process.env.LOG_LEVEL ?? '').toUpperCase();
  if (Object.hasOwn(RANK, raw)) return raw as LogLevel;
  return LAMBDA_LEVEL_ALIASES[raw] ?? LogLevel.INFO;
}

/**
 * The default logger: one JSON object per line on stdout. See docs/architecture.md#logging.
 * @example new JsonLogger().info('ok', { grant_id: 'g-1' }); // {"level":"INFO","message":"ok","timestamp":"…","grant_id":"g-1"}
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

/** Keys whose values are never logged, at any depth. @example SECRET_KEY_PATTERN.test('api_token'); // true */
export const SECRET_KEY_PATTERN = /pass|pwd|secret|token|key|credential|auth|session|cookie|signature|bearer|jwt|private/i;

/**
 * Secrets found inside any string, whatever its key: a URL's password, a Bearer token, a JWT, a PEM private key. Only the match is replaced.
 * @example redactSecretValues('postgres://admin:pw@db/app'); // 'postgres://admin:[REDACTED]@db/app'
 */
export const SECRET_VALUE_PATTERNS: readonly RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\beyJ[\w-]+\.eyJ[\w-]+\.[\w-]*/g,
  /(?<=\bBearer\s+)[\w\-.~+/]+=*/gi,
  /(?<=[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+(?=@)/gi,
];

/** The characters a log line keeps of one string: an untrusted 5 MB field must not become 5 MB of log. @example redactSecretValues(huge).length <= MAX_LOGGED_STRING + 40; */
export const MAX_LOGGED_STRING = 4096;

/** What the cut of a long string may leave of a secret at its end: a JWT, or a URL's password, without the rest its pattern needs. */
const CUT_SECRET_PATTERNS: readonly RegExp[] = [/\beyJ[\w-]*(?:\.[\w-]*)?$/, /(?<=[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+$/i];

/** `value` cut to {@link MAX_LOGGED_STRING}, secrets replaced. @example redactSecretValues('Authorization: Bearer abc.def'); // 'Authorization: Bearer [REDACTED]' */
export function redactSecretValues(value: string): string {
  const cut = value.length > MAX_LOGGED_STRING;
  let out = cut ? value.slice(0, MAX_LOGGED_STRING) : value;
  // Why a cheap pre-check: most strings hold none of the markers, and the patterns are the costly part.
  if (/BEGIN|eyJ|Bearer|:\/\//i.test(out)) {
    for (const pattern of SECRET_VALUE_PATTERNS) out = out.replace(pattern, REDACTED);
    if (cut) for (const pattern of CUT_SECRET_PATTERNS) out = out.replace(pattern, REDACTED);
  }
  return cut ? `${out}… [cut from ${value.length} characters]` : out;
}

/** What a redacted value is logged as. @example expect(redactSecrets({ password: 'hunter2' })).toEqual({ password: REDACTED }); */
export const REDACTED = '[REDACTED]';

const MAX_DEPTH = 8;

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactSecretValues(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redactSecretValues(value.message) };
  // As JSON.stringify does: a Date (or any toJSON) logs as what it says, not as its own (empty) keys.
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return redactValue((value as { toJSON(): unknown }).toJSON(), depth + 1);
  const out: LogFields = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_KEY_PATTERN.test(key) ? REDACTED : redactValue(inner, depth + 1);
  }
  return out;
}

/**
 * A copy of log fields with secrets replaced, by key and by value, at any depth; strings capped. See docs/architecture.md#logging.
 * @example redactSecrets({ base_url: 'https://x', api_token: 't0k' }); // { base_url: 'https://x', api_token: '[REDACTED]' }
 */
export function redactSecrets(fields: LogFields): LogFields {
  return redactValue(fields, 0) as LogFields;
}
