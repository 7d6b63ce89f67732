import { existsSync } from 'node:fs';
import path from 'node:path';
import { Duration, RemovalPolicy, Tags } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { GrantTableIamActions, GrantTableSchema } from '../grants/dynamodb/constants';
import { FrameworkEventType } from '../protocol/constants';
import { AponoBuildOutput, AponoConnectorAccessTag, AponoFunctionDefaults } from './constants';
import { reconcileEvent } from './reconcile-event';
import type { AponoIntegrationFunctionProps } from './types';

/** `GrantTableSchema.partitionKeyType` as the CDK spells it. */
const KEY_TYPES: Record<typeof GrantTableSchema.partitionKeyType, dynamodb.AttributeType> = { S: dynamodb.AttributeType.STRING };

/**
 * An Apono "AWS Lambda Custom Integration" function built with apono-lambda-kit,
 * with everything it needs and nothing more:
 *
 * - the function, from an `apono-lambda build` output folder (`index.handler`),
 *   tagged `apono-connector-access = "true"` so that Apono's connector may invoke it;
 * - its grants table, as `DynamoDbGrantStore` expects it (`GrantTableSchema`:
 *   partition key `pk` (S), TTL on `expiresAtEpochSec`, on-demand), with
 *   point-in-time recovery, deletion protection and `RemovalPolicy.RETAIN`, named
 *   in the function's `GRANTS_TABLE`;
 * - a role with exactly the DynamoDB actions the store sends
 *   (`GrantTableIamActions.runtime`) on that table, `dynamodb:Scan` only when the
 *   reconcile schedule is on, and log writes to its own log group (no managed
 *   policy, no `*` resource);
 * - that log group, with a retention;
 * - optionally a reconcile schedule (an EventBridge rule sending
 *   `apono-lambda-kit:reconcile`);
 * - alarms on the function's `Errors` and, with the schedule, on the framework's
 *   `ReconcileOrphaned` metric (access that no grant record accounts for).
 *
 * Import it from `apono-lambda-kit/cdk` (the package's root entry never loads
 * `aws-cdk-lib`); `aws-cdk-lib` ≥ 2.225 and `constructs` 10 are optional peers.
 *
 * @example
 * ```ts
 * import { App, Duration, Stack } from 'aws-cdk-lib';
 * import * as events from 'aws-cdk-lib/aws-events';
 * import { AponoIntegrationFunction } from 'apono-lambda-kit/cdk';
 *
 * const stack = new Stack(new App(), 'PortalAccess');
 * // npx apono-lambda build src/handler.ts --out dist-lambda
 * const portal = new AponoIntegrationFunction(stack, 'Portal', {
 *   codeDirectory: 'dist-lambda',
 *   functionName: 'apono-portal-integration',
 *   environment: { PORTAL_ORIGIN: 'https://portal.internal.example.com' },
 *   reconcile: { schedule: events.Schedule.rate(Duration.hours(1)), resourceTypes: ['project'], customParameters: { base_url: 'https://portal.internal.example.com' } },
 * });
 * adminKeySecret.grantRead(portal.fn);                          // your application's own permissions
 * portal.errorsAlarm.addAlarmAction(new SnsAction(oncallTopic)); // aws-cdk-lib/aws-cloudwatch-actions
 * ```
 */
export class AponoIntegrationFunction extends Construct {
  /** The function: enter its name in Apono's integration config. */
  readonly fn: lambda.Function;
  /** The grants table (`GRANTS_TABLE`). */
  readonly table: dynamodb.Table;
  /** The function's role: add your application's own permissions with `fn.addToRolePolicy`. */
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** In alarm when an invocation failed within the last 5 minutes (`AWS/Lambda` `Errors` > 0). */
  readonly errorsAlarm: cloudwatch.Alarm;
  /** The reconcile schedule's rule, when `reconcile` is given. */
  readonly reconcileRule?: events.Rule;
  /** With the schedule: in alarm when a reconcile run found orphaned access (`ReconcileOrphaned` > 0). */
  readonly reconcileOrphanedAlarm?: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: AponoIntegrationFunctionProps) {
    super(scope, id);
    const codeDirectory = builtCodeDirectory(props.codeDirectory);
    if (props.environment !== undefined && AponoFunctionDefaults.grantsTableEnv in props.environment) {
      throw new Error(`environment.${AponoFunctionDefaults.grantsTableEnv} is set by AponoIntegrationFunction (the grants table it creates): remove it`);
    }
    // Checked before anything is built, so that a bad schedule fails at synth time.
    const reconcile = props.reconcile === undefined ? undefined : { schedule: props.reconcile.schedule, event: reconcileEvent(props.reconcile) };

    this.table = new dynamodb.Table(this, 'GrantsTable', {
      tableName: props.tableName,
      partitionKey: { name: GrantTableSchema.partitionKey, type: KEY_TYPES[GrantTableSchema.partitionKeyType] },
      billingMode: dynamodb.BillingMode[GrantTableSchema.billingMode],
      timeToLiveAttribute: GrantTableSchema.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.tableDeletionProtection ?? true,
      removalPolicy: props.tableRemovalPolicy ?? RemovalPolicy.RETAIN,
    });

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // An explicit role: the default one carries AWSLambdaBasicExecutionRole, whose log actions are on "*".
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'apono-lambda-kit integration function: its grants table and its log group only',
    });
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'GrantLedger',
      actions: [...GrantTableIamActions.runtime],
      resources: [this.table.tableArn],
    }));
    if (reconcile !== undefined) {
      // Reconcile reads the whole ledger, page by page; nothing else ever scans from the function.
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({
        sid: 'GrantLedgerReconcile',
        actions: [...GrantTableIamActions.reconcile],
        resources: [this.table.tableArn],
      }));
    }
    this.logGroup.grantWrite(this.role);

    this.fn = new lambda.Function(this, 'Function', {
      functionName: props.functionName,
      code: lambda.Code.fromAsset(codeDirectory, { exclude: [AponoBuildOutput.zipFile] }),
      handler: AponoBuildOutput.handler,
      runtime: props.runtime ?? lambda.Runtime.NODEJS_24_X,
      architecture: props.architecture ?? lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? AponoFunctionDefaults.memorySizeMb,
      timeout: props.timeout ?? Duration.seconds(AponoFunctionDefaults.timeoutSeconds),
      environment: { ...props.environment, [AponoFunctionDefaults.grantsTableEnv]: this.table.tableName },
      role: this.role,
      logGroup: this.logGroup,
    });
    Tags.of(this.fn).add(AponoConnectorAccessTag.key, AponoConnectorAccessTag.value);

    const period = Duration.seconds(AponoFunctionDefaults.alarmPeriodSeconds);
    this.errorsAlarm = new cloudwatch.Alarm(this, 'ErrorsAlarm', {
      alarmDescription: 'An Apono integration invocation failed (grant, revoke, credentials or reconcile): see the function log group.',
      metric: this.fn.metricErrors({ period, statistic: cloudwatch.Stats.SUM }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    if (reconcile !== undefined) {
      this.reconcileRule = new events.Rule(this, 'ReconcileSchedule', {
        description: 'apono-lambda-kit reconcile: the grant ledger checked against the application',
        schedule: reconcile.schedule,
        targets: [new targets.LambdaFunction(this.fn, { event: events.RuleTargetInput.fromObject(reconcile.event) })],
      });
      this.reconcileOrphanedAlarm = new cloudwatch.Alarm(this, 'ReconcileOrphanedAlarm', {
        alarmDescription: 'A reconcile run found access in the application that no live grant record accounts for (the "reconcile finished" log line lists it).',
        metric: new cloudwatch.Metric({
          namespace: props.metricsNamespace ?? AponoFunctionDefaults.metricsNamespace,
          metricName: 'ReconcileOrphaned',
          dimensionsMap: { FunctionName: this.fn.functionName, EventType: FrameworkEventType.Reconcile },
          statistic: cloudwatch.Stats.SUM,
          period,
        }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }
  }
}

/** The absolute build folder, refused with the command to run when it holds no bundle. */
function builtCodeDirectory(codeDirectory: string): string {
  const directory = path.resolve(codeDirectory);
  if (!existsSync(path.join(directory, AponoBuildOutput.entryFile))) {
    throw new Error(
      `${directory} has no ${AponoBuildOutput.entryFile}: build the handler first (npx apono-lambda build src/handler.ts --out ${codeDirectory})`,
    );
  }
  return directory;
}
