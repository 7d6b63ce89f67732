import { InvokeCommand, type LambdaClient, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import path from 'node:path';
import { type LocalLambda, startLocalLambda } from '../../src/cli/server/start-local-lambda';
import { decodePayload, localLambdaClient } from '../support/cli-process';

const HANDLER = path.join(__dirname, '../support/cli-fixture-integration.ts');
const SERVED = 'fixture-integration';
const GET_STATUS = '{"event_type":"get-status","params":{}}';

/** What the SDK raises for a service error it has no class for (Lambda's ValidationException). */
interface ServiceErrorShape {
  name: string;
  message: string;
  $metadata: { httpStatusCode?: number };
}

describe('serve: FunctionName read as Lambda reads a name, a partial ARN or an ARN', () => {
  let local: LocalLambda;
  let lambda: LambdaClient;
  const logLines: string[] = [];

  beforeAll(async () => {
    local = await startLocalLambda({ handlerModule: HANDLER, functionName: SERVED, port: 0, store: 'memory', log: (line) => logLines.push(line) });
    lambda = localLambdaClient(local.url);
  });
  beforeEach(() => {
    logLines.length = 0;
  });
  afterAll(async () => {
    lambda?.destroy();
    await local?.close();
  });

  const invoke = (functionName: string) => lambda.send(new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(GET_STATUS) }));
  const failure = async (functionName: string): Promise<ServiceErrorShape> => {
    try {
      await invoke(functionName);
    } catch (err) {
      return err as ServiceErrorShape;
    }
    throw new Error(`${functionName} was invoked`);
  };

  test('refuses a name that only contains ":function:<name>" with 400 ValidationException, without running the handler', async () => {
    // Act
    const error = await failure(`evil:function:${SERVED}`);

    // Assess
    expect(error.name).toBe('ValidationException');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toContain(`Value 'evil:function:${SERVED}' at 'functionName' failed to satisfy constraint`);
    expect(logLines).toEqual([]);
  });

  test('refuses a name longer than Lambda allows with 400 ValidationException', async () => {
    // Act
    const error = await failure(`arn:aws:lambda:us-east-1:000000000000:function:${'a'.repeat(200)}`);

    // Assess
    expect(error.name).toBe('ValidationException');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(logLines).toEqual([]);
  });

  test('invokes the function named by a partial ARN of the served account', async () => {
    // Act
    const result = await invoke(`000000000000:function:${SERVED}`);

    // Assess
    expect(decodePayload(result.Payload)).toEqual({ status: 'active' });
  });

  test('invokes the function named with a qualifier', async () => {
    // Act
    const result = await invoke(`${SERVED}:live`);

    // Assess
    expect(decodePayload(result.Payload)).toEqual({ status: 'active' });
  });

  test('answers a partial ARN of another account with ResourceNotFoundException naming that ARN', async () => {
    // Act
    const attempt = invoke(`123456789012:function:${SERVED}`);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(attempt).rejects.toThrow(`Function not found: arn:aws:lambda:us-east-1:123456789012:function:${SERVED}`);
    expect(logLines).toEqual([]);
  });

  test('answers an ARN of another region with ResourceNotFoundException naming that ARN', async () => {
    // Act
    const attempt = invoke(`arn:aws:lambda:eu-west-1:000000000000:function:${SERVED}`);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(attempt).rejects.toThrow(`Function not found: arn:aws:lambda:eu-west-1:000000000000:function:${SERVED}`);
    expect(logLines).toEqual([]);
  });

  test('answers an ARN of another partition with ResourceNotFoundException', async () => {
    // Act
    const attempt = invoke(`arn:aws-cn:lambda:us-east-1:000000000000:function:${SERVED}`);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  test('answers a name that merely ends with the served name with ResourceNotFoundException', async () => {
    // Act
    const attempt = invoke(`other-${SERVED}`);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(attempt).rejects.toThrow(`Function not found: arn:aws:lambda:us-east-1:000000000000:function:other-${SERVED}`);
  });
});
