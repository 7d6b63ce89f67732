import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AponoBuildOutput, AponoConnectorAccessTag, AponoFunctionDefaults } from '../../src/cdk';
import { BUNDLE_ENTRY_FILE } from '../../src/cli/build/bundle-with-esbuild';
import { GrantTableAttributeDefinitions, GrantTableIamActions, GrantTableKeySchema, GrantTableSchema } from '../../src/grants/dynamodb';
import { FrameworkEventType } from '../../src/protocol/constants';
import { iamStatements, onlyLogicalId, removeTemporaryFolders, synthesize, type Synthesized } from './synth-stack';

const RECONCILE = {
  schedule: events.Schedule.rate(Duration.hours(1)),
  resourceTypes: ['project'],
  customParameters: { base_url: 'https://portal.internal.example.com' },
  dryRun: true,
};

// One synth per configuration, shared by the tests that read it.
let plain: Synthesized;
let scheduled: Synthesized;
beforeAll(() => {
  plain = synthesize({});
  scheduled = synthesize({ functionName: 'apono-portal-integration', reconcile: RECONCILE });
});
afterAll(removeTemporaryFolders);

describe('AponoIntegrationFunction: the function', () => {
  test('runs the apono-lambda build output (index.handler) on nodejs24.x, arm64, 256 MB, 30 s, without the zip build writes beside it', () => {
    // Assess
    plain.template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: AponoBuildOutput.handler,
      Runtime: lambda.Runtime.NODEJS_24_X.name,
      Architectures: ['arm64'],
      MemorySize: AponoFunctionDefaults.memorySizeMb,
      Timeout: AponoFunctionDefaults.timeoutSeconds,
    });
    expect(lambda.Runtime.NODEJS_24_X.name).toBe(AponoFunctionDefaults.runtime);
    expect(AponoBuildOutput.handler).toBe(`${BUNDLE_ENTRY_FILE.replace(/\.mjs$/, '')}.handler`);
    expect(plain.assetFiles).toEqual(['chunks', BUNDLE_ENTRY_FILE]);
  });

  test('carries the tag apono-connector-access = "true" that Apono’s connector requires', () => {
    // Assess
    plain.template.hasResourceProperties('AWS::Lambda::Function', {
      Tags: Match.arrayWith([{ Key: AponoConnectorAccessTag.key, Value: AponoConnectorAccessTag.value }]),
    });
    expect(AponoConnectorAccessTag).toEqual({ key: 'apono-connector-access', value: 'true' });
  });

  test('names the grants table in GRANTS_TABLE, beside the user’s own variables', () => {
    // Prepare
    const withEnvironment = synthesize({ environment: { PORTAL_ORIGIN: 'https://portal.internal.example.com' } });

    // Assess
    withEnvironment.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { GRANTS_TABLE: { Ref: onlyLogicalId(withEnvironment.template, 'AWS::DynamoDB::Table') }, PORTAL_ORIGIN: 'https://portal.internal.example.com' } },
    });
  });

  test('writes to its own log group, kept one month by default', () => {
    // Assess
    const logGroup = onlyLogicalId(plain.template, 'AWS::Logs::LogGroup');
    plain.template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    plain.template.hasResourceProperties('AWS::Lambda::Function', { LoggingConfig: { LogGroup: { Ref: logGroup } } });
    expect(AponoFunctionDefaults.logRetentionDays).toBe(30);
  });

  test('takes the runtime, memory, timeout and log retention it is given', () => {
    // Prepare
    const tuned = synthesize({ runtime: lambda.Runtime.NODEJS_22_X, memorySize: 512, timeout: Duration.seconds(60), logRetention: logs.RetentionDays.THREE_MONTHS });

    // Assess
    tuned.template.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs22.x', MemorySize: 512, Timeout: 60 });
    tuned.template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });
});

describe('AponoIntegrationFunction: the grants table, exactly as DynamoDbGrantStore expects it', () => {
  test('has GrantTableSchema’s key schema, attribute definitions, on-demand billing and TTL attribute', () => {
    // Assess
    plain.template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [...GrantTableKeySchema],
      AttributeDefinitions: [...GrantTableAttributeDefinitions],
      BillingMode: GrantTableSchema.billingMode,
      TimeToLiveSpecification: { AttributeName: GrantTableSchema.ttlAttribute, Enabled: true },
    });
  });

  test('has point-in-time recovery and deletion protection on, and is retained when it leaves the stack', () => {
    // Assess
    plain.template.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('deletion protection and the removal policy can be turned off for a throw-away stack', () => {
    // Prepare
    const disposable = synthesize({ tableDeletionProtection: false, tableRemovalPolicy: RemovalPolicy.DESTROY });

    // Assess
    disposable.template.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
      DeletionPolicy: 'Delete',
    });
  });
});

describe('AponoIntegrationFunction: least privilege', () => {
  test.each([
    ['without a reconcile schedule', () => plain, [...GrantTableIamActions.runtime]],
    ['with a reconcile schedule', () => scheduled, [...GrantTableIamActions.runtime, ...GrantTableIamActions.reconcile]],
  ])('%s, the DynamoDB actions are exactly the ones DynamoDbGrantStore sends, on the grants table only', (_name, configuration, expected) => {
    // Prepare
    const { template } = configuration();
    const table = onlyLogicalId(template, 'AWS::DynamoDB::Table');

    // Act
    const dynamoDb = iamStatements(template).filter((statement) => statement.actions.some((action) => action.startsWith('dynamodb:')));

    // Assess
    expect(dynamoDb.flatMap((statement) => statement.actions).sort()).toEqual([...expected].sort());
    for (const statement of dynamoDb) {
      expect(statement.Effect).toBe('Allow');
      expect(statement.Resource).toEqual({ 'Fn::GetAtt': [table, 'Arn'] });
    }
  });

  test.each([
    ['without a reconcile schedule', () => plain],
    ['with a reconcile schedule', () => scheduled],
  ])('%s, no action has a wildcard, the only other actions write to the function’s own log group, and no managed policy is attached', (_name, configuration) => {
    // Prepare
    const { template } = configuration();
    const logGroup = onlyLogicalId(template, 'AWS::Logs::LogGroup');

    // Act
    const statements = iamStatements(template);
    const others = statements.filter((statement) => !statement.actions.some((action) => action.startsWith('dynamodb:')));

    // Assess
    expect(statements.flatMap((statement) => statement.actions).filter((action) => action.includes('*'))).toEqual([]);
    expect(others.flatMap((statement) => statement.actions).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(others.map((statement) => statement.Resource)).toEqual([{ 'Fn::GetAtt': [logGroup, 'Arn'] }]);
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
  });
});

describe('AponoIntegrationFunction: the reconcile schedule', () => {
  test('is absent unless asked for', () => {
    // Assess
    plain.template.resourceCountIs('AWS::Events::Rule', 0);
    plain.template.resourceCountIs('AWS::Lambda::Permission', 0);
    expect(plain.construct.reconcileRule).toBeUndefined();
  });

  test('sends the reconcile event with the resource types, custom parameters and dry_run it was given', () => {
    // Prepare
    const fn = onlyLogicalId(scheduled.template, 'AWS::Lambda::Function');
    const rule = Object.values(scheduled.template.findResources('AWS::Events::Rule'))[0]!;

    // Act
    const target = rule.Properties.Targets[0];

    // Assess
    expect(rule.Properties.ScheduleExpression).toBe('rate(1 hour)');
    expect(target.Arn).toEqual({ 'Fn::GetAtt': [fn, 'Arn'] });
    expect(JSON.parse(target.Input)).toEqual({
      event_type: FrameworkEventType.Reconcile,
      params: { resource_types: ['project'], dry_run: true, custom_parameters: { base_url: 'https://portal.internal.example.com' } },
    });
  });

  test('lets EventBridge invoke the function from that rule only', () => {
    // Assess
    scheduled.template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [onlyLogicalId(scheduled.template, 'AWS::Lambda::Function'), 'Arn'] },
      SourceArn: { 'Fn::GetAtt': [onlyLogicalId(scheduled.template, 'AWS::Events::Rule'), 'Arn'] },
    });
  });
});

describe('AponoIntegrationFunction: alarms', () => {
  test('an alarm on the function’s Errors > 0, always', () => {
    // Assess
    plain.template.resourceCountIs('AWS::CloudWatch::Alarm', 1);
    plain.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: onlyLogicalId(plain.template, 'AWS::Lambda::Function') } }],
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(plain.construct.reconcileOrphanedAlarm).toBeUndefined();
  });

  test('with the schedule, an alarm on the framework’s ReconcileOrphaned metric > 0, with its EMF dimensions', () => {
    // Prepare
    const fn = onlyLogicalId(scheduled.template, 'AWS::Lambda::Function');

    // Assess
    scheduled.template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    scheduled.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: AponoFunctionDefaults.metricsNamespace,
      MetricName: 'ReconcileOrphaned',
      Dimensions: Match.arrayEquals([
        { Name: 'EventType', Value: FrameworkEventType.Reconcile },
        { Name: 'FunctionName', Value: { Ref: fn } },
      ]),
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(scheduled.construct.reconcileOrphanedAlarm).toBeDefined();
    expect(scheduled.construct.errorsAlarm).toBeDefined();
  });
});

describe('AponoIntegrationFunction: what it refuses at synth time', () => {
  test('a code directory with no index.mjs names the build command', () => {
    // Act + Assess
    expect(() => synthesize({ codeDirectory: __dirname })).toThrow(/has no index\.mjs: build the handler first \(npx apono-lambda build/);
  });

  test('a GRANTS_TABLE of the user’s own', () => {
    // Act + Assess
    expect(() => synthesize({ environment: { GRANTS_TABLE: 'mine' } })).toThrow(/environment\.GRANTS_TABLE is set by AponoIntegrationFunction/);
  });

  test.each([
    [[], /at least one resource type/],
    [['project', ' '], /resourceTypes\[1\] must be a non-empty string/],
  ])('a reconcile schedule with resource types %p', (resourceTypes, message) => {
    // Act + Assess
    expect(() => synthesize({ reconcile: { ...RECONCILE, resourceTypes } })).toThrow(message);
  });
});
