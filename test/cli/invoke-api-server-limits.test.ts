import { InvokeCommand, RequestTooLargeException } from '@aws-sdk/client-lambda';
import { type RunningInvokeApiServer, startInvokeApiServer } from '../../src/cli/server/invoke-api-server';
import { LAMBDA_RESPONSE_LIMIT_BYTES } from '../../src/protocol/constants';
import { decodePayload, localLambdaClient } from '../support/cli-process';

/** A JSON string literal whose serialized form is `bytes` long ("…" included). */
const jsonStringOfBytes = (bytes: number): string => JSON.stringify('x'.repeat(bytes - 2));

describe('startInvokeApiServer: payload limits and invocation types, through @aws-sdk/client-lambda', () => {
  const servers: RunningInvokeApiServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  const serve = async (handler: (event: unknown) => unknown) => {
    const server = await startInvokeApiServer({ handler, functionName: 'limits', port: 0, host: '127.0.0.1', log: () => undefined });
    servers.push(server);
    return server;
  };

  /** Records each event the handler receives, and resolves `first` with the first one. */
  const recordingHandler = () => {
    const events: unknown[] = [];
    let resolveFirst: (event: unknown) => void = () => undefined;
    const first = new Promise<unknown>((resolve) => (resolveFirst = resolve));
    const handler = (event: unknown) => {
      events.push(event);
      resolveFirst(event);
      return { status: 'ok' };
    };
    return { events, first, handler };
  };

  test('refuses a request body over 6 MB with 413 RequestTooLargeException, without running the handler', async () => {
    // Prepare
    const { events, handler } = recordingHandler();
    const server = await serve(handler);
    const lambda = localLambdaClient(server.url);
    const payload = Buffer.from(jsonStringOfBytes(LAMBDA_RESPONSE_LIMIT_BYTES + 1));

    // Act
    const failure = await lambda.send(new InvokeCommand({ FunctionName: 'limits', Payload: payload })).catch((err: unknown) => err);
    lambda.destroy();

    // Assess
    expect(failure).toBeInstanceOf(RequestTooLargeException);
    expect((failure as RequestTooLargeException).$metadata.httpStatusCode).toBe(413);
    expect((failure as RequestTooLargeException).message).toContain(`smaller than ${LAMBDA_RESPONSE_LIMIT_BYTES} bytes`);
    expect(events).toHaveLength(0);
  });

  test('accepts a request body of exactly 6 MB', async () => {
    // Prepare
    const { events, handler } = recordingHandler();
    const server = await serve(handler);
    const lambda = localLambdaClient(server.url);
    const payload = Buffer.from(jsonStringOfBytes(LAMBDA_RESPONSE_LIMIT_BYTES));

    // Act
    const result = await lambda.send(new InvokeCommand({ FunctionName: 'limits', Payload: payload }));
    lambda.destroy();

    // Assess
    expect(result.StatusCode).toBe(200);
    expect(result.FunctionError).toBeUndefined();
    expect(events).toHaveLength(1);
  });

  test('answers an answer over 6 MB with 200 and the function error Function.ResponseSizeTooLarge, as Lambda does', async () => {
    // Prepare
    const answerBytes = LAMBDA_RESPONSE_LIMIT_BYTES + 1;
    const server = await serve(() => 'x'.repeat(answerBytes - 2));
    const lambda = localLambdaClient(server.url);

    // Act
    const result = await lambda.send(new InvokeCommand({ FunctionName: 'limits', Payload: Buffer.from('{}') }));
    lambda.destroy();

    // Assess
    expect(result.StatusCode).toBe(200);
    expect(result.FunctionError).toBe('Unhandled');
    expect(decodePayload(result.Payload)).toEqual({
      errorType: 'Function.ResponseSizeTooLarge',
      errorMessage: `Response payload size (${answerBytes} bytes) exceeded maximum allowed payload size (${LAMBDA_RESPONSE_LIMIT_BYTES} bytes).`,
    });
  });

  test('answers an answer of exactly 6 MB as it is', async () => {
    // Prepare
    const server = await serve(() => 'x'.repeat(LAMBDA_RESPONSE_LIMIT_BYTES - 2));
    const lambda = localLambdaClient(server.url);

    // Act
    const result = await lambda.send(new InvokeCommand({ FunctionName: 'limits', Payload: Buffer.from('{}') }));
    lambda.destroy();

    // Assess
    expect(result.FunctionError).toBeUndefined();
    expect(result.Payload?.byteLength).toBe(LAMBDA_RESPONSE_LIMIT_BYTES);
  });

  test('answers an Event invocation with 202 at once, then runs the handler', async () => {
    // Prepare
    const { first, handler } = recordingHandler();
    const server = await serve(handler);
    const lambda = localLambdaClient(server.url);

    // Act
    const result = await lambda.send(
      new InvokeCommand({ FunctionName: 'limits', InvocationType: 'Event', Payload: Buffer.from('{"event_type":"get-status"}') }),
    );
    const received = await first;
    lambda.destroy();

    // Assess
    expect(result.StatusCode).toBe(202);
    expect(result.FunctionError).toBeUndefined();
    expect(result.Payload?.byteLength ?? 0).toBe(0);
    expect(received).toEqual({ event_type: 'get-status' });
  });

  test('answers a DryRun invocation with 204 without running the handler', async () => {
    // Prepare
    const { events, handler } = recordingHandler();
    const server = await serve(handler);
    const lambda = localLambdaClient(server.url);

    // Act
    const result = await lambda.send(new InvokeCommand({ FunctionName: 'limits', InvocationType: 'DryRun', Payload: Buffer.from('{}') }));
    lambda.destroy();

    // Assess
    expect(result.StatusCode).toBe(204);
    expect(events).toHaveLength(0);
  });
});
