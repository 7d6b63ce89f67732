import type { InjectionToken } from 'tsyringe';
import { UnsupportedEventError, isIntegrationError } from '../errors';
import { CredentialLedger } from '../grants/credential-ledger';
import type { GrantStore } from '../grants/grant-store';
import { GrantLedger } from '../grants/grant-ledger';
import type { Integration, IntegrationClass } from '../integration';
import { CorrelatedLogger } from '../logging/correlated-logger';
import { JsonLogger } from '../logging/json-logger';
import { ACTIVE_ANSWER } from '../protocol/constants';
import { readEnvelope } from '../protocol/event-envelope';
import type { AponoAnswer } from '../protocol/types/wire';
import { createInvocationContainer, createRootContainer, disposeInvocationContainer, disposeRootContainer, registerProviders } from './container';
import { Deadline } from './deadline';
import { buildEventRoutes, type EventRoute, type MethodCall } from './event-routes';
import { defineIntegration } from './integration-definition';
import { onAbortOf, type Invocation, type LambdaContext } from './invocation';
import { retryOf } from './retry';
import { validateBootstrapOptions, type BootstrapOptions } from './options';
import { assertStoreFitsRuntime, chooseStore } from './store-choice';
import { Tokens } from './tokens';
import { freshUuid } from './invocation-ids';
import { countedMetrics, emfFields, errorMetric, type MetricName, type MetricsOptions } from '../metrics/emf';

/**
 * The Lambda handler `bootstrap()` returns.
 *
 * @example
 * ```ts
 * export const handler: AponoHandler = bootstrap(PortalIntegration);
 * ```
 */
export type AponoHandler = ((event: unknown, context?: LambdaContext) => Promise<AponoAnswer>) & {
  /**
   * Disposes the singletons this handler built (those with `dispose()`: a database
   * pool, a client). For tests and local tools (`harness.close()`); Lambda never
   * calls it: the instance is frozen, then stopped.
   */
  dispose(): Promise<void>;
};

const DEFAULT_DEADLINE_MARGIN_MS = 500;
/** Ignored params field names remembered per cold start (each is reported once), and listed per log line. */
const MAX_REPORTED_FIELDS = 1000;
const MAX_FIELDS_PER_LINE = 50;

function localContext(): LambdaContext {
  return { awsRequestId: freshUuid(), functionName: 'local', getRemainingTimeInMillis: () => Number.POSITIVE_INFINITY };
}

function describeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { error_name: typeof err };
  // A framework error's message is written to be safe; another error's stack helps find the bug.
  return isIntegrationError(err)
    ? { error_name: err.name, error_message: err.message, retryable: err.retryable }
    : { error_name: err.name, error_message: err.message, stack: err.stack };
}

/**
 * Turns an integration class into a Lambda handler. At init (module load) it
 * checks the class, builds the root container and the routes of all eight event
 * types; each invocation then reads and validates the event, resolves the
 * integration in a child container, runs the method under the grant ledger and a
 * deadline, and builds the wire answer.
 *
 * @throws IntegrationDefinitionError at init when the class or the configuration is not valid.
 * @example
 * ```ts
 * export const handler = bootstrap(PortalIntegration, {
 *   store: new DynamoDbGrantStore({ tableName: process.env.GRANTS_TABLE! }),
 *   providers: [{ token: PortalClient, useFactory: () => PortalClient.fromEnvironment() }],
 * });
 * ```
 */
export function bootstrap<T extends Integration<object, unknown>>(integrationClass: IntegrationClass<T>, options: BootstrapOptions = {}): AponoHandler {
  const definition = defineIntegration(integrationClass);
  validateBootstrapOptions(options, definition.className);
  const rootLogger = options.logger ?? new JsonLogger();
  const root = createRootContainer(chooseStore(options), rootLogger);
  registerProviders(root, options.providers ?? []);
  options.configure?.(root);
  const store = root.resolve<GrantStore>(Tokens.GrantStore);
  assertStoreFitsRuntime(store, options, definition.className);
  const metrics = metricsFor(options.metrics);
  const routes = buildEventRoutes(definition, {
    grants: new GrantLedger(store, { revokedTtlDays: options.revokedTtlDays }),
    credentials: new CredentialLedger(store),
    store,
    reconcile: options.reconcile ?? {},
    metricFields: (eventType, values) => metrics.fields(process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'local', eventType, values),
  });
  const deadlineMarginMs = options.deadlineMarginMs ?? DEFAULT_DEADLINE_MARGIN_MS;
  const reportedStrippedFields = new Set<string>();
  let coldStart = true;

  function answerUnknownEvent(eventType: string, logger: CorrelatedLogger): AponoAnswer {
    if (options.strict === true) {
      throw new UnsupportedEventError(`unknown event_type "${eventType}": strict mode answers only the eight event types of the protocol`);
    }
    logger.warn('unknown event_type answered {"status":"active"} as the seed does; pass strict: true to refuse it');
    return ACTIVE_ANSWER;
  }

  function reportStrippedFields(eventType: string, fields: string[], logger: CorrelatedLogger): void {
    // Once per field and cold start: Apono adding a field should not flood the logs. Bounded: untrusted
    // events could name endless distinct fields, and the set lives as long as the instance.
    if (reportedStrippedFields.size >= MAX_REPORTED_FIELDS) return;
    const fresh = fields.slice(0, MAX_FIELDS_PER_LINE).map((field) => `${eventType.slice(0, 64)}:${field.slice(0, 128)}`).filter((key) => !reportedStrippedFields.has(key));
    if (fresh.length === 0) return;
    for (const key of fresh) reportedStrippedFields.add(key);
    logger.warn('params fields the protocol does not define were ignored', { ignored_fields: fresh.map((key) => key.slice(key.indexOf(':') + 1)), ignored_count: fields.length });
  }

  async function runRoute(
    route: EventRoute, request: object, eventType: string, context: LambdaContext, logger: CorrelatedLogger, counts: Partial<Record<MetricName, number>>,
  ): Promise<AponoAnswer> {
    const deadline = new Deadline(context, deadlineMarginMs);
    const invocation: Invocation = {
      eventType,
      context,
      logger,
      get signal() {
        return deadline.signal;
      },
      onAbort: onAbortOf(() => deadline.signal, logger),
      retry: retryOf(() => deadline.signal, () => deadline.firesAtMs, logger),
    };
    const methodName = definition.methods[route.capability];
    // No method starts with the margin or less left: it could not be answered (DESIGN.md, ledger v2).
    const tooLate = methodName === undefined ? undefined : deadline.tooLateToStart();
    if (tooLate !== undefined) {
      deadline.clear();
      throw tooLate;
    }
    if (methodName === undefined) {
      try {
        return await route.answer(() => Promise.reject(new Error('no method')), request, invocation, deadline, () => undefined);
      } finally {
        deadline.clear();
        Object.assign(counts, countedMetrics(invocation));
      }
    }
    const scope = createInvocationContainer(root, invocation, request);
    // Methods that outlived the invocation (abandoned at the deadline) still use the scope's services.
    const stillRunning: Array<Promise<unknown>> = [];
    try {
      const integration = scope.resolve(integrationClass as unknown as InjectionToken<T>) as unknown as Record<string, (req: object, inv: Invocation) => unknown>;
      const call: MethodCall = async (req, other) => {
        const name = other === undefined ? methodName : definition.methods[other.capability];
        if (name === undefined) throw new UnsupportedEventError(`${definition.className} has no @${String(other?.capability)} method`);
        return integration[name](req, other?.invocation ?? invocation);
      };
      return await route.answer(call, request, invocation, deadline, (work) => stillRunning.push(work));
    } finally {
      deadline.clear();
      Object.assign(counts, countedMetrics(invocation));
      const dispose = () => disposeInvocationContainer(scope, (err) => logger.warn('disposing a per-invocation service failed', describeError(err)));
      if (stillRunning.length === 0) await dispose();
      else void Promise.allSettled(stillRunning).then(dispose);
    }
  }

  const dispose = () => disposeRootContainer(root, (err) => rootLogger.warn('disposing a singleton failed', describeError(err)));
  return Object.assign(async function aponoHandler(event: unknown, context?: LambdaContext): Promise<AponoAnswer> {
    const startedAtMs = Date.now();
    const lambdaContext = context ?? localContext();
    const wasCold = coldStart;
    let logger = new CorrelatedLogger(rootLogger, { request_id: lambdaContext.awsRequestId, cold_start: coldStart });
    coldStart = false;
    const counts: Partial<Record<MetricName, number>> = {};
    let eventTypeForMetrics = 'unknown';
    // One EMF object inside the line logged anyway: the invocation's metrics cost no log line of their own.
    const metricsOf = (durationMs: number, errorName?: string) => metrics.fields(lambdaContext.functionName, eventTypeForMetrics, {
      Invocations: 1,
      Errors: errorName === undefined ? 0 : 1,
      Duration: durationMs,
      ColdStart: wasCold ? 1 : 0,
      ...(errorName === undefined ? {} : errorMetricValues(errorName)),
      ...counts,
    }, errorName);
    try {
      const { eventType, params } = readEnvelope(event);
      logger = logger.with({ event_type: eventType });
      eventTypeForMetrics = routes.has(eventType) ? eventType : 'unknown';
      const route = routes.get(eventType);
      if (route === undefined) return answerUnknownEvent(eventType, logger);
      const { request, strippedFields } = route.reader.read(params);
      if ('grantId' in request) logger = logger.with({ grant_id: request.grantId });
      if (strippedFields.length > 0) reportStrippedFields(eventType, strippedFields, logger);
      const answer = await runRoute(route, request, eventType, lambdaContext, logger, counts);
      const durationMs = Date.now() - startedAtMs;
      logger.info(`${eventType} answered`, { duration_ms: durationMs, ...metricsOf(durationMs) });
      return answer;
    } catch (err) {
      const durationMs = Date.now() - startedAtMs;
      logger.error('the event failed', { ...describeError(err), duration_ms: durationMs, ...metricsOf(durationMs, err instanceof Error ? err.name : typeof err) });
      throw err;
    }
  }, { dispose });
}

/** The metric fields of a line, or none when metrics are off (default: on inside Lambda). */
function metricsFor(options: MetricsOptions | undefined) {
  const enabled = options?.enabled ?? process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined;
  const namespace = options?.namespace ?? 'AponoLambdaKit';
  return {
    fields: (functionName: string, eventType: string, values: Partial<Record<MetricName, number>>, errorName?: string) =>
      enabled ? emfFields(namespace, functionName, eventType, values, errorName) : {},
  };
}

/** The metric an error adds besides Errors (a conflict, an in-progress refusal, a deadline abandonment). */
function errorMetricValues(errorName: string): Partial<Record<MetricName, number>> {
  const metric = errorMetric(errorName);
  return metric === undefined ? {} : { [metric]: 1 };
}
