import { IntegrationDefinitionError } from '../errors';
import type { DependencyContainer, InjectionToken, Lifecycle } from 'tsyringe';
import type { GrantStore } from '../grants/grant-store';
import type { Logger } from '../logging/logger';
import type { ReconcileOptions } from '../reconcile/types';
import type { MetricsOptions } from '../metrics/emf';

type Constructor<T> = new (...args: never[]) => T;

/**
 * A service registration for the root container, NestJS-style. `useClass` and
 * `useFactory` default to `Lifecycle.Singleton`: one instance per cold start,
 * built in the root container, so it can never hold an invocation's
 * request-scoped values. Pass `Lifecycle.ContainerScoped` for one instance per
 * invocation (it may inject `Tokens.Logger`, `Tokens.LambdaContext` …, and is
 * disposed with the invocation), or `Lifecycle.Transient` for one per injection.
 *
 * @example
 * ```ts
 * providers: [
 *   { token: PortalClient, useFactory: () => new PortalClient(process.env.PORTAL_URL!) },
 *   { token: Clock, useValue: systemClock },
 *   { token: AuditTrail, useClass: AuditTrail, lifecycle: Lifecycle.ContainerScoped },
 * ]
 * ```
 */
export type Provider<T = unknown> =
  | { token: InjectionToken<T>; useValue: T }
  | { token: InjectionToken<T>; useClass: Constructor<T>; lifecycle?: Lifecycle }
  | { token: InjectionToken<T>; useFactory: (container: DependencyContainer) => T; lifecycle?: Lifecycle }
  | { token: InjectionToken<T>; useToken: InjectionToken<T> };

/**
 * Options of `bootstrap()`.
 *
 * @example
 * ```ts
 * export const handler = bootstrap(PortalIntegration, {
 *   store: new DynamoDbGrantStore({ tableName: process.env.GRANTS_TABLE! }),
 *   providers: [{ token: PortalClient, useFactory: () => PortalClient.fromEnvironment() }],
 *   strict: true,
 * });
 * ```
 */
export interface BootstrapOptions {
  /** Where grant and credential records live. Default: a MemoryGrantStore (refused inside real Lambda, see `allowEphemeralStore`). */
  store?: GrantStore;
  /** Run with a store whose state dies with the instance (MemoryGrantStore) even inside real Lambda. Default false. */
  allowEphemeralStore?: boolean;
  /** Services to register in (or override on) the root container. */
  providers?: readonly Provider[];
  /** Called with the root container after `providers`, for anything else tsyringe can do. */
  configure?: (container: DependencyContainer) => void;
  /** Replaces the JSON-lines logger. Correlation fields and redaction still apply. */
  logger?: Logger;
  /** Refuse event types outside the eight with UnsupportedEventError instead of answering `{status:'active'}`. */
  strict?: boolean;
  /** The invocation's AbortSignal fires this long before the Lambda deadline. Default 500 ms. */
  deadlineMarginMs?: number;
  /** How long REVOKED grant records are kept before DynamoDB's TTL removes them. Default 90 days. */
  revokedTtlDays?: number;
  /** How the reconcile event (`apono-lambda-kit:reconcile`) treats what it finds. */
  reconcile?: ReconcileOptions;
  /** CloudWatch Embedded Metric Format in the line logged per invocation. Default: on inside Lambda. */
  metrics?: MetricsOptions;
}

/** Lambda's longest timeout: a margin at or over it would leave no method any time. */
const LONGEST_LAMBDA_TIMEOUT_MS = 15 * 60 * 1000;

/**
 * Refuses, at init, options that would make every event fail or break the
 * ledger's guarantees (a negative margin let two bodies of one grant run at once).
 *
 * @throws IntegrationDefinitionError naming the option and the rule.
 * @example
 * ```ts
 * validateBootstrapOptions({ deadlineMarginMs: Number.NaN }, 'PortalIntegration'); // throws
 * ```
 */
export function validateBootstrapOptions(options: BootstrapOptions, className: string): void {
  const margin = options.deadlineMarginMs;
  if (margin !== undefined && !(typeof margin === 'number' && Number.isFinite(margin) && margin >= 0 && margin < LONGEST_LAMBDA_TIMEOUT_MS)) {
    throw new IntegrationDefinitionError(
      `bootstrap(${className}): deadlineMarginMs must be a finite number of milliseconds, at least 0 and under ` +
        `${LONGEST_LAMBDA_TIMEOUT_MS} (Lambda's longest timeout); got ${typeof margin === 'number' ? String(margin) : typeof margin}.`,
    );
  }
  const uncertain = options.reconcile?.uncertainAfterMs;
  if (uncertain !== undefined && !(typeof uncertain === 'number' && Number.isFinite(uncertain) && uncertain >= 0)) {
    throw new IntegrationDefinitionError(`bootstrap(${className}): reconcile.uncertainAfterMs must be a finite number of milliseconds, at least 0.`);
  }
  const days = options.revokedTtlDays;
  if (days !== undefined && !(typeof days === 'number' && Number.isFinite(days) && days > 0)) {
    throw new IntegrationDefinitionError(
      `bootstrap(${className}): revokedTtlDays must be a positive number of days; got ${typeof days === 'number' ? String(days) : typeof days}.`,
    );
  }
}
