import { InvokeCommand } from '@aws-sdk/client-lambda';
import { type RunningInvokeApiServer, startInvokeApiServer } from '../../src/cli/server/invoke-api-server';
import type { LocalLambdaContext } from '../../src/cli/handler/run-invocation';
import { decodePayload, localLambdaClient } from '../support/cli-process';

describe('startInvokeApiServer: the Lambda runtime behaviour around a raw handler', () => {
  const servers: RunningInvokeApiServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  const serve = async (handler: (event: unknown, context: LocalLambdaContext) => unknown, timeoutSeconds = 30) => {
    const server = await startInvokeApiServer({ handler, functionName: 'raw', port: 0, timeoutSeconds, log: () => undefined });
    servers.push(server);
    return server;
  };

  test('answers a handler that runs past the timeout with a Task timed out function error', async () => {
    // Prepare
    const server = await serve(() => new Promise(() => undefined), 0.2);
    const lambda = localLambdaClient(server.url);

    // Act
    const result = await lambda.send(new InvokeCommand({ FunctionName: 'raw', Payload: Buffer.from('{}') }));
    lambda.destroy();

    // Assess
    expect(result.FunctionError).toBe('Unhandled');
    expect(decodePayload(result.Payload)).toEqual({ errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 0.20 seconds' });
  });

  test('gives every invocation a fresh request id and a remaining time that counts down from the timeout', async () => {
    // Prepare
    const seen: Array<{ id: string; remaining: number; arn: string }> = [];
    const server = await serve((_event, context) => {
      seen.push({ id: context.awsRequestId, remaining: context.getRemainingTimeInMillis(), arn: context.invokedFunctionArn });
      return null;
    }, 10);
    const lambda = localLambdaClient(server.url);

    // Act
    await lambda.send(new InvokeCommand({ FunctionName: 'raw', Payload: Buffer.from('{}') }));
    await lambda.send(new InvokeCommand({ FunctionName: 'raw', Payload: Buffer.from('{}') }));
    lambda.destroy();

    // Assess
    expect(seen).toHaveLength(2);
    expect(seen[0]!.id).not.toBe(seen[1]!.id);
    expect(seen[0]!.remaining).toBeGreaterThan(9_000);
    expect(seen[0]!.remaining).toBeLessThanOrEqual(10_000);
    expect(seen[0]!.arn).toBe('arn:aws:lambda:us-east-1:000000000000:function:raw');
  });

  test('hands an empty payload to the handler as the event {}', async () => {
    // Prepare
    let received: unknown;
    const server = await serve((event) => {
      received = event;
      return 'done';
    });

    // Act
    const response = await fetch(`${server.url}/2015-03-31/functions/raw/invocations`, { method: 'POST' });

    // Assess
    expect(await response.json()).toBe('done');
    expect(received).toEqual({});
  });

  test('keeps stack traces out of the function error payload', async () => {
    // Prepare
    const server = await serve(() => {
      throw new TypeError('cannot read the portal answer');
    });

    // Act
    const response = await fetch(`${server.url}/2015-03-31/functions/raw/invocations`, { method: 'POST', body: '{}' });

    // Assess
    expect(response.headers.get('x-amz-function-error')).toBe('Unhandled');
    expect(await response.json()).toEqual({ errorType: 'TypeError', errorMessage: 'cannot read the portal answer' });
  });
});
