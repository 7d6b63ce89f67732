import { InvokeCommand, type LambdaClient, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type LocalLambda, startLocalLambda } from '../../src/cli/server/start-local-lambda';
import { decodePayload, localLambdaClient } from '../support/cli-process';

const FIXTURES = path.join(__dirname, '../fixtures/events');
const HANDLER = path.join(__dirname, '../support/cli-fixture-integration.ts');

/** What the fixture integration answers to each fixture event, in the order they run. */
const EXPECTED: Record<string, unknown> = {
  'create-credentials': { status: 'ok', secret: 'token-for-dana@example.com' },
  'delete-credentials': { status: 'ok' },
  'get-status': { status: 'active' },
  'grant-access': { status: 'ok' },
  'list-resources-tags': { status: 'active' },
  'list-resources': {
    resources: [
      { id: 'proj-billing', name: 'Billing', type: 'project', metadata: { environment: 'production' } },
      { id: 'proj-search', name: 'Search (project)', type: 'project' },
    ],
    permissions: [{ id: 'reader', name: 'Reader' }],
  },
  'reset-credentials': { status: 'ok', secret: 'rotated-token-for-dana@example.com' },
  'revoke-access': { status: 'ok' },
};

describe('serve: the Lambda Invoke API driven by @aws-sdk/client-lambda', () => {
  let dataDir: string;
  let local: LocalLambda;
  let lambda: LambdaClient;
  const logLines: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'serve-api-'));
    local = await startLocalLambda({
      handlerModule: HANDLER,
      functionName: 'fixture-integration',
      port: 0,
      dataDir,
      log: (line) => logLines.push(line),
    });
    lambda = localLambdaClient(local.url);
  });

  afterAll(async () => {
    lambda?.destroy();
    await local?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const invoke = (payload: string, functionName = 'fixture-integration') =>
    lambda.send(new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(payload) }));

  test('the fixture folder holds the eight event types', () => {
    // Assess
    expect(readdirSync(FIXTURES).sort()).toEqual(Object.keys(EXPECTED).map((type) => `${type}.json`).sort());
  });

  test.each(Object.keys(EXPECTED))('answers the %s fixture event with the integration’s answer', async (eventType) => {
    // Prepare
    const payload = readFileSync(path.join(FIXTURES, `${eventType}.json`), 'utf8');

    // Act
    const result = await invoke(payload);

    // Assess
    expect(result.StatusCode).toBe(200);
    expect(result.FunctionError).toBeUndefined();
    expect(decodePayload(result.Payload)).toEqual(EXPECTED[eventType]);
  });

  test('reports a thrown error as a function error with errorType and errorMessage', async () => {
    // Prepare
    const event = { event_type: 'create-credentials', params: { username: 'fail@example.com', resource_type: 'project', resources: ['p'] } };

    // Act
    const result = await invoke(JSON.stringify(event));

    // Assess
    expect(result.StatusCode).toBe(200);
    expect(result.FunctionError).toBe('Unhandled');
    expect(decodePayload(result.Payload)).toEqual({
      errorType: 'FixtureRefusalError',
      errorMessage: 'the fixture integration refuses this user',
    });
  });

  test('accepts the function’s ARN with a qualifier as FunctionName', async () => {
    // Act
    const result = await invoke(
      '{"event_type":"get-status","params":{}}',
      'arn:aws:lambda:us-east-1:000000000000:function:fixture-integration:$LATEST',
    );

    // Assess
    expect(decodePayload(result.Payload)).toEqual({ status: 'active' });
  });

  test('answers an unknown function name with ResourceNotFoundException', async () => {
    // Act
    const attempt = invoke('{"event_type":"get-status","params":{}}', 'no-such-function');

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(attempt).rejects.toThrow('Function not found: arn:aws:lambda:us-east-1:000000000000:function:no-such-function');
  });

  test('answers a body that is not JSON with 400 and a message saying so, without echoing it', async () => {
    // Act
    const response = await rawPost(`${local.url}/2015-03-31/functions/fixture-integration/invocations`, '{"event_type": secret-value');

    // Assess
    expect(response.status).toBe(400);
    expect(response.headers['x-amzn-errortype']).toBe('InvalidRequestContentException');
    expect(JSON.parse(response.body).message).toMatch(/not valid JSON/);
    expect(response.body).not.toContain('secret-value');
  });

  test('makes the SDK raise an error whose message says the body is not valid JSON', async () => {
    // Act
    const attempt = invoke('not json');

    // Assess
    await expect(attempt).rejects.toThrow(/not valid JSON/);
  });

  test('logs one JSON line per invocation with event type, grant id, duration and outcome', async () => {
    // Prepare
    logLines.length = 0;
    const event = JSON.parse(readFileSync(path.join(FIXTURES, 'grant-access.json'), 'utf8')) as { params: Record<string, unknown> };
    event.params.grant_id = 'grant-for-the-log-test';

    // Act
    await invoke(JSON.stringify(event));

    // Assess
    expect(logLines).toHaveLength(1);
    const line = JSON.parse(logLines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({
      event_type: 'grant-access',
      grant_id: 'grant-for-the-log-test',
      outcome: 'ok',
      function_name: 'fixture-integration',
    });
    expect(typeof line.duration_ms).toBe('number');
  });
});

function rawPost(url: string, body: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
