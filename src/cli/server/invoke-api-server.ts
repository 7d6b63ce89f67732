import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CliDefaults, LAMBDA_PAYLOAD_LIMIT_BYTES } from '../constants';
import { createLambdaContext } from '../handler/lambda-context';
import { type LambdaHandler, runInvocation } from '../handler/run-invocation';
import { namesServedFunction, parseFunctionName, requestedFunctionArn, type ServedFunction } from './function-name';
import { eventSummary, logInvocation, type LogSink, stderrSink } from './invocation-log';
import {
  functionNotFound,
  invalidFunctionName,
  invalidJsonBody,
  type LambdaServiceError,
  requestTooLarge,
  sendInvocationResult,
  sendServiceError,
  unknownOperation,
} from './lambda-api-responses';

/** How {@link startInvokeApiServer} serves a handler. */
export interface InvokeApiServerOptions {
  handler: LambdaHandler;
  functionName?: string;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  timeoutSeconds?: number;
  memoryLimitInMB?: number;
  region?: string;
  accountId?: string;
  log?: LogSink;
}

/** A running local Invoke API. */
export interface RunningInvokeApiServer {
  /** `http://host:port`: the `--endpoint-url` / SDK `endpoint`. */
  url: string;
  port: number;
  functionName: string;
  /** Stops accepting requests, lets in-flight invocations finish (up to a grace period), then closes. */
  close(): Promise<void>;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/;
const CLOSE_GRACE_MS = 5_000;

/**
 * Serves a handler on the Lambda Invoke API (`POST
 * /2015-03-31/functions/{name}/invocations`), so the AWS CLI
 * (`--endpoint-url`) and `@aws-sdk/client-lambda` invoke it unchanged.
 *
 * @example
 * ```ts
 * const server = await startInvokeApiServer({ handler, functionName: 'portal', port: 0 });
 * const lambda = new LambdaClient({ endpoint: server.url, region: 'us-east-1' });
 * await server.close();
 * ```
 */
export async function startInvokeApiServer(options: InvokeApiServerOptions): Promise<RunningInvokeApiServer> {
  const functionName = options.functionName ?? CliDefaults.functionName;
  const region = options.region ?? CliDefaults.region;
  const accountId = options.accountId ?? CliDefaults.accountId;
  const timeoutMs = (options.timeoutSeconds ?? CliDefaults.timeoutSeconds) * 1000;
  const log = options.log ?? stderrSink;
  const served: ServedFunction = { name: functionName, region, accountId };
  const inFlight = new Set<Promise<void>>();

  const invoke = async (event: unknown, res: ServerResponse, requestId: string, reply: boolean): Promise<void> => {
    const context = createLambdaContext({
      functionName,
      timeoutMs,
      region,
      accountId,
      awsRequestId: requestId,
      memoryLimitInMB: options.memoryLimitInMB,
    });
    const outcome = await runInvocation(options.handler, event, context, timeoutMs);
    let payload = outcome.ok ? (JSON.stringify(outcome.answer) ?? 'null') : JSON.stringify(outcome.error);
    let functionError = !outcome.ok;
    let result = outcome.ok ? 'ok' : outcome.error.errorType;
    if (Buffer.byteLength(payload) > LAMBDA_PAYLOAD_LIMIT_BYTES) {
      const errorMessage = `Response payload size (${Buffer.byteLength(payload)} bytes) exceeded maximum allowed payload size (${LAMBDA_PAYLOAD_LIMIT_BYTES} bytes).`;
      payload = JSON.stringify({ errorType: 'Function.ResponseSizeTooLarge', errorMessage });
      functionError = true;
      result = 'Function.ResponseSizeTooLarge';
    }
    logInvocation(log, {
      function_name: functionName,
      request_id: requestId,
      ...eventSummary(event),
      duration_ms: Math.round(outcome.durationMs * 100) / 100,
      outcome: result,
    });
    if (reply) sendInvocationResult(res, requestId, payload, functionError);
  };

  const handleRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = randomUUID();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = INVOKE_PATH.exec(url.pathname);
    if (req.method !== 'POST' || !match) {
      req.resume();
      return sendServiceError(res, requestId, unknownOperation(req.method ?? '?', url.pathname));
    }
    // Parsed whole, as Lambda does: a value that merely contains ":function:<name>" names nothing.
    const requestedName = safeDecode(match[1]);
    const requested = parseFunctionName(requestedName);
    if ('malformed' in requested) {
      req.resume();
      return sendServiceError(res, requestId, invalidFunctionName(requestedName, requested.malformed));
    }
    if (!namesServedFunction(requested, served)) {
      req.resume();
      return sendServiceError(res, requestId, functionNotFound(requestedFunctionArn(requested, served)));
    }
    const body = await readBody(req, LAMBDA_PAYLOAD_LIMIT_BYTES);
    if ('error' in body) return sendServiceError(res, requestId, body.error);
    let event: unknown;
    try {
      // Like Lambda, an empty payload is the event {}.
      event = body.text.trim() === '' ? {} : (JSON.parse(body.text) as unknown);
    } catch {
      return sendServiceError(res, requestId, invalidJsonBody());
    }
    const invocationType = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    if (invocationType === 'DryRun') {
      res.writeHead(204, { 'x-amzn-RequestId': requestId });
      res.end();
      return;
    }
    if (invocationType === 'Event') {
      res.writeHead(202, { 'x-amzn-RequestId': requestId, 'Content-Length': 0 });
      res.end();
      return invoke(event, res, requestId, false);
    }
    return invoke(event, res, requestId, true);
  };

  const server: Server = createServer((req, res) => {
    const work = handleRequest(req, res)
      .catch((err: unknown) => {
        const internal: LambdaServiceError = { statusCode: 500, errorType: 'ServiceException', message: (err as Error).message };
        if (!res.headersSent) sendServiceError(res, randomUUID(), internal);
        else res.destroy();
      })
      .finally(() => inFlight.delete(work));
    inFlight.add(work);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? CliDefaults.port, options.host ?? CliDefaults.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = new Promise<void>((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref());
      await Promise.race([Promise.allSettled([...inFlight]), grace]);
      server.closeAllConnections();
      await closed;
    })();
    return closing;
  };

  return { url: `http://${host}:${address.port}`, port: address.port, functionName, close };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function readBody(req: IncomingMessage, limitBytes: number): Promise<{ text: string } | { error: LambdaServiceError }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Keep draining past the limit (instead of destroying the request) so the 413 can still be sent.
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(size > limitBytes ? { error: requestTooLarge(size, limitBytes) } : { text: Buffer.concat(chunks).toString('utf8') }),
    );
    req.on('error', reject);
  });
}
