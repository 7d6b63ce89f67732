import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exampleEvents, type LocalStack, startLocalStack } from '../scripts/local-stack';
import { type RequestListener, startRequestListener } from './support/request-listener';

describe('the local stack of npm start and npm run demo', () => {
  let dataDir: string;
  let stack: LocalStack;
  let listener: RequestListener;
  let lambda: LambdaClient;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'local-stack-'));
    stack = await startLocalStack({ dataDir });
    listener = await startRequestListener();
    lambda = new LambdaClient({
      endpoint: stack.lambda.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    lambda?.destroy();
    await listener?.close();
    await stack?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const invoke = async (event: object) => {
    const result = await lambda.send(new InvokeCommand({ FunctionName: stack.lambda.functionName, Payload: Buffer.from(JSON.stringify(event)) }));
    return { functionError: result.FunctionError, answer: JSON.parse(Buffer.from(result.Payload ?? new Uint8Array()).toString('utf8')) as unknown };
  };

  test('pins the portal origin to its own portal, so the example events work', async () => {
    // Act
    const result = await invoke(exampleEvents(stack.portal.url, 'local-stack-1')['get-status']!);

    // Assess
    expect(result).toEqual({ functionError: undefined, answer: { status: 'active' } });
  });

  test('refuses a base_url of another origin, which receives no request', async () => {
    // Act
    const result = await invoke(exampleEvents(listener.url, 'local-stack-2')['get-status']!);

    // Assess
    expect(result.functionError).toBe('Unhandled');
    expect(result.answer).toMatchObject({ errorType: 'PortalOriginError' });
    expect(listener.seen).toEqual([]);
  });

  test('answers the example reconcile dry run with a report of the portal’s memberships against the ledger', async () => {
    // Act
    const result = await invoke(exampleEvents(stack.portal.url, 'local-stack-3')['reconcile-dry-run']!);

    // Assess
    expect(result.functionError).toBeUndefined();
    expect(result.answer).toMatchObject({ resourceTypes: ['project'], dryRun: true, counts: { orphaned: 0, revoked: 0 }, orphaned: [], revoked: [] });
  });
});
