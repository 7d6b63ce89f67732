import { InvokeCommand } from '@aws-sdk/client-lambda';
import path from 'node:path';
import { startLocalLambda } from '../../src/cli/server/start-local-lambda';
import { decodePayload, localLambdaClient } from '../support/cli-process';

const HANDLER = path.join(__dirname, 'fixtures/environment-handler.ts');
const VARIABLE = 'APONO_TEST_FUNCTION_SETTING';

describe('startLocalLambda: the function’s environment variables', () => {
  afterEach(() => {
    delete process.env[VARIABLE];
  });

  test('are set before the handler module loads, and restored when the local Lambda closes', async () => {
    // Prepare
    process.env[VARIABLE] = 'the shell’s value';
    const local = await startLocalLambda({
      handlerModule: HANDLER,
      functionName: 'environment',
      port: 0,
      host: '127.0.0.1',
      store: 'memory',
      environment: { [VARIABLE]: 'the function’s value' },
      log: () => undefined,
    });
    const lambda = localLambdaClient(local.url);

    // Act
    let answer: unknown;
    try {
      answer = decodePayload((await lambda.send(new InvokeCommand({ FunctionName: 'environment', Payload: Buffer.from('{}') }))).Payload);
    } finally {
      lambda.destroy();
      await local.close();
    }

    // Assess
    expect(answer).toEqual({ atLoad: 'the function’s value', atInvoke: 'the function’s value' });
    expect(process.env[VARIABLE]).toBe('the shell’s value');
  });
});
