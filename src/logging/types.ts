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
 *
 * @example
 * ```ts
 * const logger = new JsonLogger({ level: LogLevel.DEBUG });
 * ```
 */
export const LogLevel = { DEBUG: 'DEBUG', INFO: 'INFO', WARN: 'WARN', ERROR: 'ERROR' } as const;

/**
 * One of {@link LogLevel}.
 *
 * @example
 * ```ts
 * const level: LogLevel = process.env.STAGE === 'dev' ? 'DEBUG' : 'INFO';
 * ```
 */
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];
