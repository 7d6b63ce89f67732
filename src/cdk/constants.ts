/**
 * What the construct builds by default, and the facts of Apono's side it relies
 * on. Kept free of `aws-cdk-lib` imports: the Terraform and SAM parse tests read
 * these values without loading the CDK.
 */

/**
 * The tag Apono's connector requires on a function before it invokes it
 * (PROTOCOL.md, "Transport": only functions tagged `apono-connector-access` =
 * `"true"`).
 * @example Tags.of(fn).add(AponoConnectorAccessTag.key, AponoConnectorAccessTag.value);
 */
export const AponoConnectorAccessTag = {
  key: 'apono-connector-access',
  value: 'true',
} as const;

/**
 * The entry of an `apono-lambda build` output folder: `index.mjs` exporting
 * `handler` (its `chunks/` folder beside it, loaded on first use), and the
 * `function.zip` that `--zip` writes into the same folder.
 * @example new lambda.Function(this, 'Fn', { handler: AponoBuildOutput.handler, code: lambda.Code.fromAsset(dir, { exclude: [AponoBuildOutput.zipFile] }), runtime });
 */
export const AponoBuildOutput = {
  entryFile: 'index.mjs',
  handler: 'index.handler',
  zipFile: 'function.zip',
} as const;

/**
 * The construct's defaults (the Terraform module's variables default to the same).
 * @example const memory = props.memorySize ?? AponoFunctionDefaults.memorySizeMb;
 */
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
