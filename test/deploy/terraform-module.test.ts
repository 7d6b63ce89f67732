import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { AponoBuildOutput, AponoConnectorAccessTag, AponoFunctionDefaults } from '../../src/cdk/deploy-facts';
import { GrantTableAttributeDefinitions, GrantTableIamActions, GrantTableSchema } from '../../src/grants/dynamodb/grant-table';
import { FrameworkEventType } from '../../src/protocol/constants';

const MODULE = path.join(__dirname, '../../deploy/terraform');

/** One block of hcl2json's output (each labelled block is a list: HCL allows repeating it). */
// biome-ignore lint/suspicious/noExplicitAny: hcl2json's output is walked by path; the assertions are the type check.
type Block = Record<string, any>;

let hcl: Block;
beforeAll(async () => {
  // Parsed once (hcl2json runs HCL's own Go parser, compiled to WebAssembly), the files merged by top-level key.
  hcl = {};
  for (const file of readdirSync(MODULE).filter((name) => name.endsWith('.tf')).sort()) {
    const parsed: Block = await parse(file, readFileSync(path.join(MODULE, file), 'utf8'));
    for (const [key, value] of Object.entries(parsed)) {
      hcl[key] = Array.isArray(value) ? [...(hcl[key] ?? []), ...value] : { ...hcl[key], ...value };
    }
  }
});

/** The only block of a resource (or data source) of a type and name. */
function only(kind: 'resource' | 'data', type: string, name: string): Block {
  const blocks = hcl[kind]?.[type]?.[name] as Block[] | undefined;
  if (blocks?.length !== 1) throw new Error(`deploy/terraform has no single ${kind} ${type}.${name}`);
  return blocks[0]!;
}

function variableDefault(name: string): unknown {
  return hcl.variable[name][0].default;
}

/** Every string anywhere in the module that names a DynamoDB action. */
function everyDynamoDbAction(value: unknown): string[] {
  if (typeof value === 'string') return /^dynamodb:/.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(everyDynamoDbAction);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(everyDynamoDbAction);
  return [];
}

describe('deploy/terraform: the module is the CDK construct’s twin, checked against the constants DynamoDbGrantStore is written against', () => {
  test('the function carries the tag Apono’s connector requires, last in the merge so var.tags cannot drop it', () => {
    // Act
    const fn = only('resource', 'aws_lambda_function', 'this');

    // Assess
    expect(hcl.locals[0].connector_access_tag).toEqual({ [AponoConnectorAccessTag.key]: AponoConnectorAccessTag.value });
    expect(fn.tags).toBe('${merge(var.tags, local.connector_access_tag)}');
  });

  test('the function runs the zip that apono-lambda build --zip writes, with index.handler, and names its table in GRANTS_TABLE', () => {
    // Act
    const fn = only('resource', 'aws_lambda_function', 'this');

    // Assess
    expect(fn.handler).toBe(AponoBuildOutput.handler);
    expect(fn.filename).toBe('${var.zip_file}');
    expect(fn.source_code_hash).toBe('${filebase64sha256(var.zip_file)}');
    expect(fn.environment[0].variables).toBe(`\${merge(var.environment, { ${AponoFunctionDefaults.grantsTableEnv} = aws_dynamodb_table.grants.name })}`);
    expect(fn.role).toBe('${aws_iam_role.function.arn}');
  });

  test('the variables default to the construct’s defaults', () => {
    // Assess
    expect(variableDefault('runtime')).toBe(AponoFunctionDefaults.runtime);
    expect(variableDefault('architecture')).toBe('arm64');
    expect(variableDefault('memory_size')).toBe(AponoFunctionDefaults.memorySizeMb);
    expect(variableDefault('timeout')).toBe(AponoFunctionDefaults.timeoutSeconds);
    expect(variableDefault('log_retention_days')).toBe(AponoFunctionDefaults.logRetentionDays);
    expect(variableDefault('metrics_namespace')).toBe(AponoFunctionDefaults.metricsNamespace);
    expect(variableDefault('table_deletion_protection')).toBe(true);
    expect(variableDefault('reconcile')).toBeNull();
  });

  test('the table has GrantTableSchema’s key schema (one string partition key, no sort key), billing and TTL attribute', () => {
    // Act
    const table = only('resource', 'aws_dynamodb_table', 'grants');

    // Assess
    expect(table.hash_key).toBe(GrantTableSchema.partitionKey);
    expect(table.range_key).toBeUndefined();
    expect(table.attribute).toEqual(GrantTableAttributeDefinitions.map((definition) => ({ name: definition.AttributeName, type: definition.AttributeType })));
    expect(table.billing_mode).toBe(GrantTableSchema.billingMode);
    expect(table.ttl).toEqual([{ attribute_name: GrantTableSchema.ttlAttribute, enabled: true }]);
  });

  test('the table has point-in-time recovery, and deletion protection from its variable', () => {
    // Act
    const table = only('resource', 'aws_dynamodb_table', 'grants');

    // Assess
    expect(table.point_in_time_recovery).toEqual([{ enabled: true }]);
    expect(table.deletion_protection_enabled).toBe('${var.table_deletion_protection}');
  });

  test('the GrantLedger statement allows exactly GrantTableIamActions.runtime, on the grants table only', () => {
    // Act
    const statements = only('data', 'aws_iam_policy_document', 'function').statement as Block[];
    const grantLedger = statements.find((statement) => statement.sid === 'GrantLedger');

    // Assess
    expect([...grantLedger!.actions].sort()).toEqual([...GrantTableIamActions.runtime].sort());
    expect(grantLedger?.resources).toEqual(['${aws_dynamodb_table.grants.arn}']);
  });

  test('the GrantLedgerReconcile statement allows exactly GrantTableIamActions.reconcile, on the grants table, only with the schedule', () => {
    // Act
    const dynamic = only('data', 'aws_iam_policy_document', 'function').dynamic.statement as Block[];

    // Assess
    expect(dynamic).toHaveLength(1);
    expect(dynamic[0]!.for_each).toBe('${local.reconcile_enabled ? ["reconcile"] : []}');
    expect(dynamic[0]!.content).toEqual([{ sid: 'GrantLedgerReconcile', actions: [...GrantTableIamActions.reconcile], resources: ['${aws_dynamodb_table.grants.arn}'] }]);
    expect(hcl.locals[0].reconcile_enabled).toBe('${var.reconcile != null}');
  });

  test('no other DynamoDB action anywhere, no wildcard action, logs only on the own log group, and no managed policy', () => {
    // Act
    const document = only('data', 'aws_iam_policy_document', 'function');
    const others = (document.statement as Block[]).filter((statement) => statement.sid !== 'GrantLedger');

    // Assess
    expect(everyDynamoDbAction(hcl).sort()).toEqual([...GrantTableIamActions.runtime, ...GrantTableIamActions.reconcile].sort());
    expect(others).toEqual([{ sid: 'OwnLogGroup', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: ['${aws_cloudwatch_log_group.function.arn}:*'] }]);
    expect(JSON.stringify(document)).not.toMatch(/"[a-z0-9-]+:[A-Za-z]*\*"/);
    expect(only('resource', 'aws_iam_role', 'function').managed_policy_arns).toBeUndefined();
    expect(hcl.resource.aws_iam_role_policy_attachment).toBeUndefined();
    expect(only('resource', 'aws_iam_role_policy', 'function').policy).toBe('${data.aws_iam_policy_document.function.json}');
  });

  test('the log group is the one Lambda logs to, with a retention', () => {
    // Act
    const logGroup = only('resource', 'aws_cloudwatch_log_group', 'function');

    // Assess
    expect(logGroup.name).toBe('/aws/lambda/${var.function_name}');
    expect(logGroup.retention_in_days).toBe('${var.log_retention_days}');
  });

  test('the schedule, its invoke permission and the orphaned alarm exist only with reconcile, and the rule sends the reconcile event', () => {
    // Act
    const target = only('resource', 'aws_cloudwatch_event_target', 'reconcile');
    const permission = only('resource', 'aws_lambda_permission', 'reconcile');

    // Assess
    for (const [type, name] of [['aws_cloudwatch_event_rule', 'reconcile'], ['aws_cloudwatch_event_target', 'reconcile'], ['aws_lambda_permission', 'reconcile'], ['aws_cloudwatch_metric_alarm', 'reconcile_orphaned']] as const) {
      expect(only('resource', type, name).count).toBe('${local.reconcile_enabled ? 1 : 0}');
    }
    expect(target.input).toMatch(new RegExp(`event_type = "${FrameworkEventType.Reconcile}"`));
    for (const param of ['resource_types', 'dry_run', 'custom_parameters']) expect(target.input).toMatch(new RegExp(`\\b${param} += var\\.reconcile\\.${param}\\n`));
    expect(permission).toMatchObject({ action: 'lambda:InvokeFunction', principal: 'events.amazonaws.com', source_arn: '${aws_cloudwatch_event_rule.reconcile[0].arn}' });
  });

  test('the alarms: the function’s Errors > 0, and the framework’s ReconcileOrphaned > 0 with its EMF dimensions', () => {
    // Act
    const errors = only('resource', 'aws_cloudwatch_metric_alarm', 'errors');
    const orphaned = only('resource', 'aws_cloudwatch_metric_alarm', 'reconcile_orphaned');

    // Assess
    const aboveZero = { statistic: 'Sum', threshold: 0, comparison_operator: 'GreaterThanThreshold', treat_missing_data: 'notBreaching', period: AponoFunctionDefaults.alarmPeriodSeconds };
    expect(errors).toMatchObject({ ...aboveZero, namespace: 'AWS/Lambda', metric_name: 'Errors', dimensions: { FunctionName: '${aws_lambda_function.this.function_name}' } });
    expect(errors.count).toBeUndefined();
    expect(orphaned).toMatchObject({
      ...aboveZero,
      namespace: '${var.metrics_namespace}',
      metric_name: 'ReconcileOrphaned',
      dimensions: { FunctionName: '${aws_lambda_function.this.function_name}', EventType: FrameworkEventType.Reconcile },
    });
  });
});
