// The construct's defaults and Apono's facts, free of aws-cdk-lib: the Terraform and SAM tests read them without the CDK.

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
