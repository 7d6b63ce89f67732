import { IntegrationDefinitionError } from '../errors';
import type { DependencyContainer, InjectionToken, Lifecycle } from 'tsyringe';
import type { GrantStore } from '../grants/grant-store';
import type { Logger } from '../logging/logger';
import type { ReconcileOptions } from '../reconcile/types';
import type { MetricsOptions } from '../metrics/emf';
import { MemoryGrantStore } from '../grants/memory-grant-store';
import { LONGEST_LAMBDA_TIMEOUT_MS } from './invocation';

type Constructor<T> = new (...args: never[]) => T;

/**
 * A service registration for the root container. `useClass` and `useFactory` build one instance per cold start, unless
 * `lifecycle` is `ContainerScoped` (one per invocation) or `Transient`. See docs/architecture.md#dependency-injection.
 * @example
 * ```ts
 * providers: [
 *   { token: PortalClient, useFactory: () => new PortalClient(process.env.PORTAL_URL!) },
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
 * Options of `bootstrap()`, checked at module load. See docs/architecture.md#bootstrap.
 * @example export const handler = bootstrap(PortalIntegration, { store, strict: true, deadlineMarginMs: 1_000 });
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

/**
 * Refuses, at init, options that would fail every event or break the ledger (a negative margin would let two runs of one grant overlap).
 * @throws IntegrationDefinitionError naming the option and the rule.
 * @example validateBootstrapOptions({ deadlineMarginMs: Number.NaN }, 'PortalIntegration'); // throws
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

/** The store a handler starts with: the local CLI's override, the configured one, or memory. */
export function chooseStore(options: BootstrapOptions): GrantStore {
  return getLocalStoreOverride() ?? options.store ?? new MemoryGrantStore();
}

/** Refuses, inside real Lambda, a store whose state dies with the instance: each cold start would forget every grant. */
export function assertStoreFitsRuntime(store: GrantStore, options: BootstrapOptions, className: string): void {
  if (store.durable || options.allowEphemeralStore === true || !process.env.AWS_LAMBDA_FUNCTION_NAME) return;
  throw new IntegrationDefinitionError(
    `${className} runs in AWS Lambda with a ${store.constructor.name}, whose grant records die with this instance. ` +
      'Pass `store: new DynamoDbGrantStore({ tableName })` to bootstrap(), or `allowEphemeralStore: true` if losing them is acceptable.',
  );
}

/** The local CLI's store override (`serve --store memory`): a global symbol, so it reaches a handler that loaded another copy of this package. */
const OVERRIDE = Symbol.for('apono-lambda-kit.localStoreOverride');

type GlobalWithOverride = typeof globalThis & { [OVERRIDE]?: GrantStore };

/** Sets (or clears, with undefined) the store every later `bootstrap()` uses. @example setLocalStoreOverride(new MemoryGrantStore()); */
export function setLocalStoreOverride(store: GrantStore | undefined): void {
  if (store === undefined) delete (globalThis as GlobalWithOverride)[OVERRIDE];
  else (globalThis as GlobalWithOverride)[OVERRIDE] = store;
}

/** The store set by {@link setLocalStoreOverride}, if any. */
export function getLocalStoreOverride(): GrantStore | undefined {
  return (globalThis as GlobalWithOverride)[OVERRIDE];
}
