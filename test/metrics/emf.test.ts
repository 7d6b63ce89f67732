import { GrantInProgressError } from '../../src/errors';
import { Grant, Integration, ListAccess, ListResources, Revoke } from 'apono-lambda-kit';
import { createTestHarness, type CapturedLogLine } from 'apono-lambda-kit/testing';

/** The units CloudWatch's Embedded Metric Format accepts. */
const EMF_UNITS = new Set(['Seconds', 'Microseconds', 'Milliseconds', 'Bytes', 'Kilobytes', 'Megabytes', 'Gigabytes', 'Terabytes', 'Bits', 'Kilobits',
  'Megabits', 'Gigabits', 'Terabits', 'Percent', 'Count', 'Bytes/Second', 'Kilobytes/Second', 'Megabytes/Second', 'Gigabytes/Second', 'Terabytes/Second',
  'Bits/Second', 'Kilobits/Second', 'Megabits/Second', 'Gigabits/Second', 'Terabits/Second', 'Count/Second', 'None']);

/** The EMF specification's rules, as CloudWatch checks them; the problems found (none: valid). */
function emfProblems(line: CapturedLogLine): string[] {
  const problems: string[] = [];
  const aws = line._aws as { Timestamp?: unknown; CloudWatchMetrics?: unknown } | undefined;
  if (aws === undefined) return ['no _aws member'];
  if (typeof aws.Timestamp !== 'number') problems.push('_aws.Timestamp must be a number (epoch ms)');
  if (!Array.isArray(aws.CloudWatchMetrics) || aws.CloudWatchMetrics.length === 0) return [...problems, 'CloudWatchMetrics must be a non-empty array'];
  for (const directive of aws.CloudWatchMetrics as Array<Record<string, unknown>>) {
    const namespace = directive.Namespace;
    if (typeof namespace !== 'string' || namespace.length < 1 || namespace.length > 255) problems.push('Namespace must be 1–255 characters');
    for (const set of directive.Dimensions as string[][]) {
      if (set.length > 30) problems.push('a dimension set has more than 30 dimensions');
      for (const name of set) if (typeof line[name] !== 'string') problems.push(`dimension ${name} has no string value at the root`);
    }
    const metrics = directive.Metrics as Array<{ Name: string; Unit: string }>;
    if (metrics.length > 100) problems.push('more than 100 metrics');
    for (const metric of metrics) {
      if (!/^[\x20-\x7e]{1,1024}$/.test(metric.Name)) problems.push(`metric name ${metric.Name} is not 1–1024 printable characters`);
      if (!EMF_UNITS.has(metric.Unit)) problems.push(`metric ${metric.Name} has unit ${metric.Unit}`);
      if (typeof line[metric.Name] !== 'number') problems.push(`metric ${metric.Name} has no number at the root`);
    }
  }
  return problems;
}

class Measured extends Integration {
  static busy = false;
  static slow = false;
  @ListResources() list() { return { resources: [], permissions: [] }; }
  @Grant()
  async grant() {
    if (Measured.busy) throw new GrantInProgressError('busy upstream');
    if (Measured.slow) await new Promise((resolve) => setTimeout(resolve, 300));
    return { data: { id: 'm-1' } };
  }
  @Revoke() revoke() {}
  @ListAccess() access() { return [{ username: 'eve@example.com', resources: ['p-9'], permission: 'admin' }]; }
}

const lastLine = (logs: CapturedLogLine[]) => logs.filter((l) => l._aws !== undefined).at(-1)!;

describe('metrics: CloudWatch Embedded Metric Format inside the line logged per invocation', () => {
  beforeEach(() => {
    Measured.busy = false;
    Measured.slow = false;
  });
  const harness = () => createTestHarness(Measured, { bootstrap: { metrics: { enabled: true, namespace: 'Test/Access' } } });

  it('a grant answered ok: Invocations, Duration, ColdStart in one valid EMF object, dimensioned by function and event type', async () => {
    // Prepare
    const h = harness();
    // Act
    await h.grant({ grantId: 'g-1' });
    // Assess
    const line = lastLine(h.logs);
    expect(emfProblems(line)).toEqual([]);
    expect(line).toMatchObject({ message: 'grant-access answered', FunctionName: 'apono-integration', EventType: 'grant-access', Invocations: 1, Errors: 0, ColdStart: 1 });
    expect(h.logs.filter((l) => l._aws !== undefined)).toHaveLength(1);
  });

  it.each([
    ['a replay', async (h: ReturnType<typeof harness>) => { await h.grant({ grantId: 'g-2' }); await h.grant({ grantId: 'g-2' }); }, { Replays: 1, Errors: 0, ColdStart: 0 }],
    ['a conflict', async (h: ReturnType<typeof harness>) => { await h.grant({ grantId: 'g-3' }); await h.grant({ grantId: 'g-3', permission: 'admin' }).catch(() => undefined); }, { Conflicts: 1, Errors: 1, ErrorName: 'GrantConflictError' }],
    ['an in-progress refusal', async (h: ReturnType<typeof harness>) => { Measured.busy = true; await h.grant({ grantId: 'g-4' }).catch(() => undefined); }, { InProgressRefusals: 1, Errors: 1 }],
    ['a deadline abandonment', async (h: ReturnType<typeof harness>) => { Measured.slow = true; await h.grant({ grantId: 'g-5', context: { remainingTimeMs: 150 } }).catch(() => undefined); }, { DeadlineAbandonments: 1, Errors: 1, ErrorName: 'DeadlineExceededError' }],
    ['an invalid event', async (h: ReturnType<typeof harness>) => { await h.invoke({ event_type: 'grant-access', params: {} }).catch(() => undefined); }, { Errors: 1, ErrorName: 'InvalidEventError' }],
    ['a reconcile', async (h: ReturnType<typeof harness>) => { await h.reconcile({ resourceTypes: ['project'], dryRun: true }); }, { ReconcileOrphaned: 1, ReconcileMissing: 0, ReconcileUncertain: 0, EventType: 'apono-lambda-kit:reconcile' }],
  ])('%s: counted, in a valid EMF object', async (_label, act, expected) => {
    // Prepare
    const h = harness();
    // Act
    await act(h);
    // Assess
    const line = lastLine(h.logs);
    expect(emfProblems(line)).toEqual([]);
    expect(line).toMatchObject(expected);
  });

  it('is off outside Lambda unless enabled', async () => {
    // Prepare
    const h = createTestHarness(Measured);
    // Act
    await h.grant({ grantId: 'g-6' });
    // Assess
    expect(h.logs.some((l) => l._aws !== undefined)).toBe(false);
  });
});
