// The bench's Powertools peer is a fair one: it answers the bench's events as ours does, and
// its idempotency really runs on DynamoDB (dynalite on loopback), so its cold first grant and
// warm grants pay for the same work as ours.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateTableCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { build } from 'esbuild';
import { runNode } from '../support/cli-process';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

const TABLE = 'peer-idempotency';

function accessEvent(eventType: string, grantId: string, permission = 'reader') {
  return { event_type: eventType, params: { grant_id: grantId, username: 'dana@example.com', resource_type: 'project', resources: ['resource1'], permission, custom_parameters: {} } };
}

describe('the Powertools peer of the bench', () => {
  let dir: string;
  let bundle: string;
  let dynamo: LocalDynamo;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'powertools-peer-'));
    bundle = path.join(dir, 'index.mjs');
    await build({ entryPoints: [path.join(__dirname, 'fixtures/powertools-peer-handler.ts')], bundle: true, platform: 'node', target: 'node22', format: 'esm', outfile: bundle, logLevel: 'error', banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" } });
    dynamo = await startDynalite();
    await dynamo.client().send(new CreateTableCommand({
      TableName: TABLE,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }));
  }, 60_000);
  afterAll(async () => {
    await dynamo.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Answers the events in one process; returns each answer (or error name) and how often the handler body ran. */
  async function invoke(events: readonly unknown[]): Promise<{ answers: unknown[]; bodyRuns: number }> {
    const run = await runNode(
      [
        '--input-type=module', '-e',
        `const { handler } = await import(${JSON.stringify(bundle)});
         const context = { awsRequestId: 'r', functionName: 'peer', getRemainingTimeInMillis: () => 30000 };
         for (const event of ${JSON.stringify(events)}) {
           const answer = await handler(event, context).catch((err) => ({ error: err.name }));
           process.stderr.write('ANSWER ' + JSON.stringify(answer) + '\\n');
         }
         process.exit(0);`,
      ],
      {
        env: {
          PATH: process.env.PATH, IDEMPOTENCY_TABLE: TABLE, AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint, AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
      },
    );
    if (run.code !== 0) throw new Error(run.stderr);
    const answers = run.stderr.split('\n').filter((line) => line.startsWith('ANSWER ')).map((line) => JSON.parse(line.slice('ANSWER '.length)));
    const bodyRuns = run.stdout.split('\n').filter((line) => line.includes('answered')).length; // one log line per body run
    return { answers, bodyRuns };
  }

  /** The idempotency records (their keys are hashes, so they are counted, not found by grant_id). */
  async function recordCount(): Promise<number> {
    return (await dynamo.client().send(new ScanCommand({ TableName: TABLE, Select: 'COUNT' }))).Count ?? 0;
  }

  test('answers get-status, list-resources, grant-access and revoke-access as ours does', async () => {
    // Act
    const { answers } = await invoke([
      { event_type: 'get-status', params: { custom_parameters: {} } },
      { event_type: 'list-resources', params: { resource_type: 'project', custom_parameters: {} } },
      accessEvent('grant-access', 'g-answers'),
      accessEvent('revoke-access', 'g-answers'),
    ]);

    // Assess
    expect(answers).toEqual([
      { status: 'active' },
      {
        resources: [
          { id: 'resource1', name: 'Resource 1', metadata: { key1: 'value1' }, type: 'project' },
          { id: 'resource2', name: 'Resource 2', metadata: { key2: 'value2' }, type: 'project' },
          { id: 'resource3', name: 'Resource 3', metadata: { key3: 'value3' }, type: 'project' },
        ],
        permissions: [{ id: 'admin', name: 'Admin' }, { id: 'reader', name: 'Reader' }],
      },
      { status: 'ok' },
      { status: 'ok' },
    ]);
  });

  test('keeps one idempotency record per grant and per revoke, and answers a retried grant from it without running the body', async () => {
    // Prepare
    const before = await recordCount();

    // Act
    const { answers, bodyRuns } = await invoke([accessEvent('grant-access', 'g-retry'), accessEvent('grant-access', 'g-retry'), accessEvent('revoke-access', 'g-retry')]);

    // Assess
    expect(answers).toEqual([{ status: 'ok' }, { status: 'ok' }, { status: 'ok' }]);
    expect(bodyRuns).toBe(2); // the grant once, the revoke once
    expect(await recordCount()).toBe(before + 2);
  });

  test('refuses a retry of a grant_id with another payload, as our ledger does', async () => {
    // Act
    const { answers } = await invoke([accessEvent('grant-access', 'g-other'), accessEvent('grant-access', 'g-other', 'admin')]);

    // Assess
    expect(answers).toEqual([{ status: 'ok' }, { error: 'IdempotencyValidationError' }]);
  });

  test('sends get-status and list-resources past the idempotency table: they carry no grant_id', async () => {
    // Prepare
    const before = await recordCount();

    // Act
    await invoke([{ event_type: 'get-status', params: { custom_parameters: {} } }, { event_type: 'list-resources', params: { resource_type: 'project', custom_parameters: {} } }]);

    // Assess
    expect(await recordCount()).toBe(before);
  });
});
