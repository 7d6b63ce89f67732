import { readFileSync } from 'node:fs';
import path from 'node:path';
import { exampleEvents } from '../scripts/local-stack';
import { reconcileOptionsFrom, RECONCILE_REVOKE_UNRECORDED } from '../src/reconcile-settings';

const TEMPLATE = readFileSync(path.join(__dirname, '../template.yaml'), 'utf8');

/** The block of a top-level entry (a parameter, condition or resource: two spaces of indent), parsed without a YAML library. */
function block(name: string): string {
  const found = new RegExp(`\\n {2}${name}:\\n?([\\s\\S]*?)(?=\\n {2}\\S|\\n\\S|$)`).exec(TEMPLATE)?.[1];
  if (found === undefined) throw new Error(`template.yaml has no ${name}`);
  return found.trimEnd();
}

/** The single-quoted AllowedPattern of a parameter, with YAML's '' unescaped. */
function allowedPattern(parameter: string): RegExp {
  const pattern = /AllowedPattern: '((?:[^']|'')+)'/.exec(block(parameter))?.[1];
  if (pattern === undefined) throw new Error(`${parameter} has no AllowedPattern`);
  return new RegExp(pattern.replace(/''/g, "'"));
}

describe('template.yaml schedules reconcile only when asked, with least privilege', () => {
  test('ReconcileSchedule defaults to none, and none is what ReconcileAllowed (the Scan statement) and ReconcileScheduled (the rule) are off for', () => {
    // Assess
    expect(block('ReconcileSchedule')).toMatch(/\n\s*Default: none\n/);
    expect(block('ReconcileAllowed')).toBe(' !Not [!Equals [!Ref ReconcileSchedule, none]]');
    expect(block('ReconcileScheduled')).toMatch(/!And\n\s*- !Condition ReconcileAllowed\n\s*- !Not \[!Equals \[!Ref ReconcileSchedule, on-demand\]\]$/);
  });

  test.each(['none', 'on-demand', 'rate(1 hour)', 'cron(0 3 * * ? *)'])('ReconcileSchedule accepts %p', (value) => {
    // Assess
    expect(allowedPattern('ReconcileSchedule').test(value)).toBe(true);
  });

  test.each(['', 'hourly', 'rate 1 hour', 'None'])('ReconcileSchedule refuses %p at deploy time', (value) => {
    // Assess
    expect(allowedPattern('ReconcileSchedule').test(value)).toBe(false);
  });

  test('the rule and its invoke permission exist only under ReconcileScheduled', () => {
    // Assess
    expect(block('ReconcileScheduleRule')).toMatch(/^\s*Type: AWS::Events::Rule\n\s*Condition: ReconcileScheduled\n/);
    expect(block('ReconcileSchedulePermission')).toMatch(/^\s*Type: AWS::Lambda::Permission\n\s*Condition: ReconcileScheduled\n/);
    expect(block('ReconcileScheduleRule')).toMatch(/ScheduleExpression: !Ref ReconcileSchedule\n/);
  });

  test('EventBridge may invoke the function from this rule only', () => {
    // Act
    const permission = block('ReconcileSchedulePermission');

    // Assess
    expect(permission).toMatch(/\n\s*Action: lambda:InvokeFunction\n/);
    expect(permission).toMatch(/\n\s*FunctionName: !Ref PortalIntegrationFunction\n/);
    expect(permission).toMatch(/\n\s*Principal: events\.amazonaws\.com\n/);
    expect(permission).toMatch(/\n\s*SourceArn: !GetAtt ReconcileScheduleRule\.Arn$/);
  });

  test.each([
    ['true', 'reconcile-dry-run'],
    ['false', 'reconcile'],
  ])('with ReconcileDryRun=%s the rule sends the %s event of the local stack, with base_url on the pinned origin', (dryRun, eventName) => {
    // Prepare
    const origin = 'https://portal.internal.example.com';
    const input = /\n\s*Input: !Sub '([^']+)'/.exec(block('ReconcileScheduleRule'))?.[1] ?? '';

    // Act
    const event = JSON.parse(input.replace('${ReconcileDryRun}', dryRun).replace('${PortalOrigin}', origin)) as unknown;

    // Assess
    expect(input.match(/\$\{/g)).toHaveLength(2);
    expect(event).toEqual(exampleEvents(origin, 'unused')[eventName]);
  });

  test('passes ReconcileRevokeUnrecorded to the function, and each value it allows is one the function reads', () => {
    // Act
    const allowed = /AllowedValues: \[([^\]]*)\]/.exec(block('ReconcileRevokeUnrecorded'))?.[1]?.split(',').map((value) => value.trim().replace(/'/g, ''));

    // Assess
    expect(TEMPLATE).toContain(`${RECONCILE_REVOKE_UNRECORDED}: !Ref ReconcileRevokeUnrecorded`);
    expect(block('ReconcileRevokeUnrecorded')).toMatch(/\n\s*Default: 'false'\n/);
    expect(allowed?.map((value) => reconcileOptionsFrom({ [RECONCILE_REVOKE_UNRECORDED]: value }))).toEqual([{ revokeUnrecorded: true }, { revokeUnrecorded: false }]);
  });
});
