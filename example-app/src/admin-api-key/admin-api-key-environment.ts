import type { InjectionToken } from 'tsyringe';

/**
 * The environment variables that say where the admin key is, and where it may be sent.
 *
 * @example
 * ```ts
 * const secretArn = process.env[AdminApiKeyVariables.secretArn];
 * ```
 */
export const AdminApiKeyVariables = {
  /** In AWS: the ARN of the Secrets Manager secret whose SecretString is the key. */
  secretArn: 'PORTAL_ADMIN_API_KEY_SECRET_ARN',
  /** Locally only: the key itself (never set it in a Lambda's configuration, anyone who can read that sees it). */
  localKey: 'PORTAL_ADMIN_API_KEY',
  /**
   * The portal origin (`https://host[:port]`) the key may be sent to: a call whose
   * custom parameter base_url has another origin is refused before the key is read.
   */
  portalOrigin: 'PORTAL_ORIGIN',
  /** Set by the Lambda runtime: tells real Lambda from a local run. */
  lambdaFunctionName: 'AWS_LAMBDA_FUNCTION_NAME',
} as const;

/** Environment variables by name, as `process.env` holds them. */
export type EnvironmentVariables = Readonly<Record<string, string | undefined>>;

/**
 * The injection token of the environment the admin key source and the portal origin pin read:
 * `process.env` in the handler, a plain object in tests. Read when the key is
 * first needed, not when the container is built.
 *
 * @example
 * ```ts
 * providers: [{ token: ADMIN_API_KEY_ENVIRONMENT, useValue: { PORTAL_ADMIN_API_KEY: 'k' } }]
 * ```
 */
export const ADMIN_API_KEY_ENVIRONMENT: InjectionToken<EnvironmentVariables> = Symbol.for('example-app.AdminApiKeyEnvironment');
