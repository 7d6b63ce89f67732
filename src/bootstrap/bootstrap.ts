import type { InjectionToken } from 'tsyringe';
import { isIntegrationError, UnsupportedEventError } from '../errors';
import { CredentialLedger } from '../grants/credential-ledger';
import type { GrantStore } from '../grants/grant-store';
import { GrantLedger } from '../grants/grant-ledger';
import type { Integration, IntegrationClass } from '../integration';
import { CorrelatedLogger, JsonLogger } from '../logging/logger';
import { ACTIVE_ANSWER } from '../protocol/constants';
import { readEnvelope, RequestReader } from '../protocol/request-reader';
import type { AponoAnswer } from '../protocol/types';
import { createInvocationContainer, createRootContainer, disposeInvocationContainer, disposeRootContainer, registerProviders, Tokens } from './container';
import { Deadline, freshUuid, type Invocation, type LambdaContext, onAbortOf, LONGEST_LAMBDA_TIMEOUT_MS } from './invocation';
import { type AnyCapabilityRoute, type Capability, CAPABILITY_TABLE, noMethodError, type RouteContext, type RouteDependencies } from '../capabilities/capability-table';
import { assertDeclared, defineIntegration, methodFor, type RouteRequest } from '../capabilities/integration-definition';
import { retryOf } from './retry';
import { assertStoreFitsRuntime, type BootstrapOptions, chooseStore, validateBootstrapOptions } from './options';
import { countedMetrics, emfFields, errorMetric, type MetricName, type MetricsOptions } from '../metrics/emf';

/**
 * The Lambda handler `bootstrap()` returns.
 * @example export const handler: AponoHandler = bootstrap(PortalIntegration);
 */
export type AponoHandler = ((event: unknown, context?: LambdaContext) => Promise<AponoAnswer>) & {
  /** Disposes the singletons that have `dispose()` (a pool), for tests and local tools; Lambda never calls it. */
  dispose(): Promise<void>;
};

const DEFAULT_DEADLINE_MARGIN_MS = 500;
/** Ignored params field names remembered per cold start (each reported once), and listed per log line. */
const MAX_REPORTED_FIELDS = 1000;
const MAX_FIELDS_PER_LINE = 50;

/** The context of a call without one (a script calling the handler): the time left is unknown. */
function localContext(): LambdaContext {
  return { awsRequestId: freshUuid(), functionName: 'local', getRemainingTimeInMillis: () => LONGEST_LAMBDA_TIMEOUT_MS };
}

function describeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { error_name: typeof err };
  // A framework error's message is written to be safe; another error's stack helps find the bug.
  return isIntegrationError(err)
    ? { error_name: err.name, error_message: err.message, retryable: err.retryable }
    : { error_name: err.name, error_message: err.message, stack: err.stack };
}

/**
 * Turns an integration class into a Lambda handler. The class and the options are checked once, at module load;
 * each event then runs in its own child container. See docs/architecture.md#bootstrap.
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
  const deps: RouteDependencies = {
    grants: new GrantLedger(store, { revokedTtlDays: options.revokedTtlDays }),
    credentials: new CredentialLedger(store),
    store,
    reconcile: options.reconcile ?? {},
    metricFields: (eventType, values) => metrics.fields(process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'local', eventType, values),
  };
  const routes = CAPABILITY_TABLE;
  // Readers are built once per event type, at init: validators and field maps are work done once.
  const readers = new Map([...routes].map(([eventType, route]) => [eventType, new RequestReader(route.request, definition.customParametersClass)]));
  const deadlineMarginMs = options.deadlineMarginMs ?? DEFAULT_DEADLINE_MARGIN_MS;
  const reportedStrippedFields = new Set<string>();
  let coldStart = true;

  function answerUnknownEvent(eventType: string, logger: CorrelatedLogger): AponoAnswer {
    if (options.strict === true) {
      throw new UnsupportedEventError(`unknown event_type "${eventType.slice(0, 100)}": strict mode answers only the eight event types of the protocol`);
    }
    logger.warn('unknown event_type answered {"status":"active"} as the seed does; pass strict: true to refuse it');
    return ACTIVE_ANSWER;
  }

  function reportStrippedFields(eventType: string, fields: string[], logger: CorrelatedLogger): void {
    // Once per field and cold start, and bounded: events are untrusted and the set lives as long as the instance.
    if (reportedStrippedFields.size >= MAX_REPORTED_FIELDS) return;
    // Keyed by event type and name, apart by a NUL: event types have colons (apono-lambda-kit:reconcile).
    const keyOf = (field: string) => `${eventType.slice(0, 64)}\u0000${field}`;
    const fresh = fields.slice(0, MAX_FIELDS_PER_LINE).map((field) => field.slice(0, 128)).filter((field) => !reportedStrippedFields.has(keyOf(field)));
    if (fresh.length === 0) return;
    for (const field of fresh) reportedStrippedFields.add(keyOf(field));
    logger.warn('params fields the protocol does not define were ignored', { ignored_fields: fresh, ignored_count: fields.length });
  }

  async function runRoute(
    route: AnyCapabilityRoute, request: RouteRequest, eventType: string, context: LambdaContext, logger: CorrelatedLogger, counts: Partial<Record<MetricName, number>>,
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
    try {
      // A method for every resource type the event asks for, before any runs.
      const resourceTypes = route.resourceTypesOf(request);
      const index = resourceTypes.findIndex((type) => methodFor(definition, route.capability, type) === undefined);
      if (index >= 0) {
        if (route.absent !== undefined && definition.methods[route.capability] === undefined) return route.absent({ definition, invocation, resourceType: resourceTypes[index] });
        throw noMethodError(definition, route.capability, resourceTypes[index]);
      }
      // No method starts with the margin or less left: it could not be answered (DESIGN.md, ledger v2).
      const tooLate = deadline.tooLateToStart();
      if (tooLate !== undefined) throw tooLate;
      return await runMethods(route, request, invocation, deadline);
    } finally {
      deadline.clear();
      Object.assign(counts, countedMetrics(invocation));
    }
  }

  async function runMethods(route: AnyCapabilityRoute, request: RouteRequest, invocation: Invocation, deadline: Deadline): Promise<AponoAnswer> {
    const scope = createInvocationContainer(root, invocation, request);
    // Methods that outlived the invocation (abandoned at the deadline) still use the scope's services.
    const stillRunning: Array<Promise<unknown>> = [];
    try {
      const integration = scope.resolve(integrationClass as unknown as InjectionToken<T>) as unknown as Record<string, (req: object, inv: Invocation) => unknown>;
      const invoke = async (capability: Capability, req: object, inv: Invocation) => {
        const resourceType = (req as RouteRequest).resourceType;
        const name = methodFor(definition, capability, resourceType);
        const method = name === undefined ? undefined : integration[name];
        if (method === undefined) throw noMethodError(definition, capability, resourceType);
        return method.call(integration, req, inv);
      };
      const ctx: RouteContext<RouteRequest> = {
        request,
        definition,
        deps,
        invocation,
        deadline,
        holdOpen: (work) => stillRunning.push(work),
        call: <R>(req: object) => invoke(route.capability, req, invocation) as Promise<R>,
        callOther: (capability, req, inv) => invoke(capability, req, inv),
        label: (resourceType) => `${definition.className}.${methodFor(definition, route.capability, resourceType) ?? `@${route.capability}`}`,
      };
      // Raced once, here, for every route whose ledger does not hold the deadline itself.
      return await (route.deadline === 'raced' ? deadline.race(route.answer(ctx)) : route.answer(ctx));
    } finally {
      const dispose = () => disposeInvocationContainer(scope, (err) => invocation.logger.warn('disposing a per-invocation service failed', describeError(err)));
      if (stillRunning.length === 0) await dispose();
      else void Promise.allSettled(stillRunning).then(dispose);
    }
  }

  // Through a CorrelatedLogger, as every line: a custom logger gets the fields redacted and capped.
  const dispose = () => disposeRootContainer(root, (err) => new CorrelatedLogger(rootLogger, {}).warn('disposing a singleton failed', describeError(err)));
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
      const reader = readers.get(eventType);
      let answer: AponoAnswer;
      if (route === undefined || reader === undefined) {
        answer = answerUnknownEvent(eventType, logger);
      } else {
        const { request, strippedFields } = reader.read(params);
        if ('grantId' in request) logger = logger.with({ grant_id: request.grantId });
        if (strippedFields.length > 0) reportStrippedFields(eventType, strippedFields, logger);
        assertDeclared(definition, route, request);
        answer = await runRoute(route, request, eventType, lambdaContext, logger, counts);
      }
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
