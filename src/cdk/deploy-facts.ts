import { FrameworkEventType } from '../protocol/constants';

// What every deployment shares (the CDK construct, the Terraform module, the SAM template): Apono's tag,
// the build output, the defaults and the reconcile schedule's event. Free of aws-cdk-lib, so the Terraform
// and SAM tests read them without loading the CDK.

/** The tag Apono's connector requires before it invokes a function (PROTOCOL.md, "Transport"). @example Tags.of(fn).add(AponoConnectorAccessTag.key, AponoConnectorAccessTag.value); */
export const AponoConnectorAccessTag = {
  key: 'apono-connector-access',
  value: 'true',
} as const;

/**
 * An `apono-lambda build` output folder: `index.mjs` exporting `handler` (its `chunks/` beside it), and the `function.zip` of `--zip`.
 * @example lambda.Code.fromAsset(dir, { exclude: [AponoBuildOutput.zipFile] });
 */
export const AponoBuildOutput = {
  entryFile: 'index.mjs',
  handler: 'index.handler',
  zipFile: 'function.zip',
} as const;

/** The construct's defaults (the Terraform module's are the same). @example const memory = props.memorySize ?? AponoFunctionDefaults.memorySizeMb; */
export const AponoFunctionDefaults = {
  /** The bundle targets Node 22 and runs on 24, the newest Lambda runtime. */
  runtime: 'nodejs24.x',
  memorySizeMb: 256,
  timeoutSeconds: 30,
  logRetentionDays: 30,
  /** The framework's EMF namespace (`bootstrap(Cls, { metrics: { namespace } })` changes it). */
  metricsNamespace: 'AponoLambdaKit',
  /** The function's environment variable that names the grants table. */
  grantsTableEnv: 'GRANTS_TABLE',
  /** Period of both alarms: one failed invocation or one orphaned access within it raises them. */
  alarmPeriodSeconds: 300,
} as const;

/**
 * What a scheduled reconcile checks: the `params` of the reconcile event it sends.
 * @example const settings: ReconcileEventSettings = { resourceTypes: ['project'], customParameters: { base_url: 'https://portal.example.com' }, dryRun: true };
 */
export interface ReconcileEventSettings {
  /** `params.resource_types`: at least one, each non-empty (the function refuses the event otherwise). */
  readonly resourceTypes: readonly string[];
  /** `params.custom_parameters`, as in the integration's Apono config. Plain text in the rule's target: never a secret here. */
  readonly customParameters?: Readonly<Record<string, string>>;
  /** `params.dry_run`: report only, revoke nothing. Default `false`. */
  readonly dryRun?: boolean;
}

/** The wire event a reconcile schedule sends. @example events.RuleTargetInput.fromObject(reconcileEvent({ resourceTypes: ['project'] }) satisfies ReconcileEvent); */
export interface ReconcileEvent {
  event_type: typeof FrameworkEventType.Reconcile;
  params: { resource_types: string[]; dry_run: boolean; custom_parameters: Record<string, string> };
}

/**
 * The event a reconcile schedule sends, checked as the function will check it, so a bad schedule fails at synth time.
 * @example reconcileEvent({ resourceTypes: ['project'] }); // { event_type: 'apono-lambda-kit:reconcile', params: { resource_types: ['project'], dry_run: false, custom_parameters: {} } }
 */
export function reconcileEvent(settings: ReconcileEventSettings): ReconcileEvent {
  const resourceTypes = [...settings.resourceTypes];
  if (resourceTypes.length === 0) throw new Error('reconcile.resourceTypes must name at least one resource type');
  const blank = resourceTypes.findIndex((type) => typeof type !== 'string' || type.trim() === '');
  if (blank >= 0) throw new Error(`reconcile.resourceTypes[${blank}] must be a non-empty string`);
  return {
    event_type: FrameworkEventType.Reconcile,
    params: { resource_types: resourceTypes, dry_run: settings.dryRun ?? false, custom_parameters: { ...(settings.customParameters ?? {}) } },
  };
}
