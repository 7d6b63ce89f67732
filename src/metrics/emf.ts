import type { LogFields } from '../logging/logger';

/** Options of the framework's metrics (`bootstrap(Cls, { metrics })`). @example bootstrap(PortalIntegration, { metrics: { namespace: 'Portal/Access' } }); */
export interface MetricsOptions {
  /** Default: on inside Lambda (`AWS_LAMBDA_FUNCTION_NAME` set), off elsewhere. */
  enabled?: boolean;
  /** The CloudWatch namespace. Default `AponoLambdaKit` (its own, so it never mixes with Powertools Metrics'). */
  namespace?: string;
}

/** The metrics one invocation reports, with their units. @example const unit = MetricUnits.Duration; // 'Milliseconds' */
export const MetricUnits = {
  Invocations: 'Count',
  Errors: 'Count',
  Duration: 'Milliseconds',
  ColdStart: 'Count',
  Replays: 'Count',
  Conflicts: 'Count',
  InProgressRefusals: 'Count',
  DeadlineAbandonments: 'Count',
  LateGrantsUndone: 'Count',
  ReconcileOrphaned: 'Count',
  ReconcileMissing: 'Count',
  ReconcileUncertain: 'Count',
} as const;

/** A metric's name. */
export type MetricName = keyof typeof MetricUnits;

/** Error names counted as their own metric besides `Errors`. */
const ERROR_METRICS: Readonly<Record<string, MetricName>> = {
  GrantConflictError: 'Conflicts',
  GrantInProgressError: 'InProgressRefusals',
  CredentialsInProgressError: 'InProgressRefusals',
  DeadlineExceededError: 'DeadlineAbandonments',
};

/** CloudWatch's limit on a dimension value's length. */
const MAX_DIMENSION_VALUE = 1024;

/**
 * The EMF fields of one log line: the `_aws` directive and one root field per metric. See docs/architecture.md#metrics.
 * @example logger.info('grant-access answered', { ...emfFields('AponoLambdaKit', 'portal', 'grant-access', { Invocations: 1, Duration: 12 }) });
 */
export function emfFields(
  namespace: string,
  functionName: string,
  eventType: string,
  values: Partial<Record<MetricName, number>>,
  errorName?: string,
  nowMs = Date.now(),
): LogFields {
  const names = (Object.keys(values) as MetricName[]).filter((name) => Number.isFinite(values[name]));
  const dimensionValues = { FunctionName: functionName.slice(0, MAX_DIMENSION_VALUE), EventType: eventType.slice(0, MAX_DIMENSION_VALUE) };
  const directives: Array<Record<string, unknown>> = [
    { Namespace: namespace, Dimensions: [['FunctionName', 'EventType']], Metrics: names.map((Name) => ({ Name, Unit: MetricUnits[Name] })) },
  ];
  const fields: LogFields = { ...dimensionValues };
  if (errorName !== undefined && names.includes('Errors')) {
    directives.push({ Namespace: namespace, Dimensions: [['FunctionName', 'EventType', 'ErrorName']], Metrics: [{ Name: 'Errors', Unit: 'Count' }] });
    fields.ErrorName = errorName.slice(0, MAX_DIMENSION_VALUE);
  }
  for (const name of names) fields[name] = values[name];
  return { _aws: { Timestamp: nowMs, CloudWatchMetrics: directives }, ...fields };
}

/** The metric an error name adds to `Errors` (a refusal, an abandonment), if any. @example errorMetric('GrantConflictError'); // 'Conflicts' */
export function errorMetric(errorName: string): MetricName | undefined {
  return ERROR_METRICS[errorName];
}

/** Counts an invocation collects on its way (replays, reconcile's findings), keyed by the invocation. */
const counted = new WeakMap<object, Partial<Record<MetricName, number>>>();

/** Adds `value` to a metric of the invocation `key` (the Invocation object). @example countMetric(invocation, 'Replays'); */
export function countMetric(key: object, name: MetricName, value = 1): void {
  const counts = counted.get(key) ?? {};
  counts[name] = (counts[name] ?? 0) + value;
  counted.set(key, counts);
}

/** The metrics counted for the invocation `key` so far. @example const extra = countedMetrics(invocation); // { Replays: 1 } */
export function countedMetrics(key: object): Partial<Record<MetricName, number>> {
  return counted.get(key) ?? {};
}
