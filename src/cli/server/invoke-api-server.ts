import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LAMBDA_RESPONSE_LIMIT_BYTES } from '../../protocol/constants';
import { CliDefaults } from '../constants';
import { createLambdaContext, type LambdaHandler, runInvocation } from '../handler/run-invocation';
import { namesServedFunction, namesVersionOrAlias, parseFunctionName, requestedFunctionArn, resolveQualifier, type ServedFunction } from './function-name';
import { eventSummary, installLogCapture, logInvocation, type LogSink, stderrSink, tailBytes, withCapturedLog } from './invocation-log';
import { functionNotFound, invalidFunctionName, invalidJsonBody, invalidQualifier, type LambdaServiceError, qualifierMismatch, requestTooLarge, sendInvocationResult, sendServiceError, unknownOperation } from './lambda-api-responses';

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
  /** Told of every invocation once it settled, whoever sent it (the SDK, curl, the console). */
  onInvocation?: (settled: SettledInvocation) => void;
  /** Answers requests off the Invoke API's paths (the console); false leaves them to "unknown operation". */
  otherRoutes?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
}

/** What one settled invocation was: the invocation log line, and what it answered. */
export interface SettledInvocation {
  request_id: string;
  /** When it started (epoch ms). */
  started_at_ms: number;
  event_type?: string;
  grant_id?: string;
  duration_ms: number;
  /** `ok`, or the error type the function failed with. */
  outcome: string;
  /** The function error's message (never a payload). */
  error_message?: string;
}

/** An invocation's answer, as {@link RunningInvokeApiServer.invoke} returns it. */
export interface InvocationAnswer {
  settled: SettledInvocation;
  /** The JSON the function answered, or its `{errorType, errorMessage}`. */
  payload: string;
  functionError: boolean;
}

/** A running local Invoke API. */
export interface RunningInvokeApiServer {
  /** `http://host:port`: the `--endpoint-url` / SDK `endpoint`. */
  url: string;
  port: number;
  functionName: string;
  /** Runs one invocation in process, exactly as a request to the Invoke API runs it (logged, and told to `onInvocation`). */
  invoke(event: unknown): Promise<InvocationAnswer>;
  /** Stops accepting requests, lets in-flight invocations finish (up to a grace period), then closes. */
  close(): Promise<void>;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/;
const CLOSE_GRACE_MS = 5_000;
const LOG_TAIL_BYTES = 4 * 1024;

/**
 * Serves a handler on the Lambda Invoke API, so the AWS CLI and SDK invoke it unchanged.
 * See docs/local-loop.md#invoke-api.
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
  const uninstallLogCapture = installLogCapture();

  const run = async (event: unknown, requestId: string, executedVersion: string): Promise<InvocationAnswer & { log: string }> => {
    const startedAtMs = Date.now();
    const context = createLambdaContext({
      functionName,
      timeoutMs,
      region,
      accountId,
      awsRequestId: requestId,
      memoryLimitInMB: options.memoryLimitInMB,
    });
    const { result: outcome, log: functionLog } = await withCapturedLog(() => runInvocation(options.handler, event, context, timeoutMs));
    let payload = outcome.ok ? (JSON.stringify(outcome.answer) ?? 'null') : JSON.stringify(outcome.error);
    let functionError = !outcome.ok;
    let result = outcome.ok ? 'ok' : outcome.error.errorType;
    let errorMessage = outcome.ok ? undefined : outcome.error.errorMessage;
    if (Buffer.byteLength(payload) > LAMBDA_RESPONSE_LIMIT_BYTES) {
      errorMessage = `Response payload size (${Buffer.byteLength(payload)} bytes) exceeded maximum allowed payload size (${LAMBDA_RESPONSE_LIMIT_BYTES} bytes).`;
      payload = JSON.stringify({ errorType: 'Function.ResponseSizeTooLarge', errorMessage });
      functionError = true;
      result = 'Function.ResponseSizeTooLarge';
    }
    const durationMs = Math.round(outcome.durationMs * 100) / 100;
    const summary = eventSummary(event);
    logInvocation(log, { function_name: functionName, request_id: requestId, ...summary, duration_ms: durationMs, outcome: result });
    const settled: SettledInvocation = {
      request_id: requestId,
      started_at_ms: startedAtMs,
      ...summary,
      duration_ms: durationMs,
      outcome: result,
      ...(errorMessage === undefined ? {} : { error_message: errorMessage }),
    };
    options.onInvocation?.(settled);
    // Lambda's own lines around the function's output, so a Tail reads as it does from AWS.
    const report = `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${Math.max(1, Math.ceil(durationMs))} ms\tMemory Size: ${options.memoryLimitInMB ?? CliDefaults.memoryLimitInMB} MB\t\n`;
    const lambdaLog = `START RequestId: ${requestId} Version: ${executedVersion}\n${functionLog}${functionLog === '' || functionLog.endsWith('\n') ? '' : '\n'}END RequestId: ${requestId}\n${report}`;
    return { settled, payload, functionError, log: lambdaLog };
  };

  const handleRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = randomUUID();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = INVOKE_PATH.exec(url.pathname);
    if (!match && options.otherRoutes !== undefined && (await options.otherRoutes(req, res))) return;
    if (req.method !== 'POST' || !match) {
      req.resume();
      return sendServiceError(res, requestId, unknownOperation(req.method ?? '?', url.pathname));
    }
    // Parsed whole, as Lambda does: a value that merely contains ":function:<name>" names nothing.
    const [, segment = ''] = match; // '' is malformed: parseFunctionName refuses it for its length
    const requestedName = safeDecode(segment);
    const requested = parseFunctionName(requestedName);
    if ('malformed' in requested) {
      req.resume();
      return sendServiceError(res, requestId, invalidFunctionName(requestedName, requested.malformed));
    }
    const qualifier = resolveQualifier(url.searchParams.get('Qualifier'), requested.qualifier);
    if (!('executedVersion' in qualifier)) {
      req.resume();
      return sendServiceError(res, requestId, 'mismatch' in qualifier ? qualifierMismatch() : invalidQualifier(qualifier.value, qualifier.malformed));
    }
    const askedQualifier = url.searchParams.get('Qualifier') || requested.qualifier;
    if (!namesServedFunction(requested, served) || (askedQualifier !== undefined && !namesVersionOrAlias(askedQualifier))) {
      req.resume();
      const arn = requestedFunctionArn({ ...requested, ...(askedQualifier === undefined ? {} : { qualifier: askedQualifier }) }, served);
      return sendServiceError(res, requestId, functionNotFound(arn));
    }
    const body = await readBody(req, LAMBDA_RESPONSE_LIMIT_BYTES);
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
      await run(event, requestId, qualifier.executedVersion);
      return;
    }
    const answer = await run(event, requestId, qualifier.executedVersion);
    const tail = String(req.headers['x-amz-log-type'] ?? 'None') === 'Tail' ? Buffer.from(tailBytes(answer.log, LOG_TAIL_BYTES)).toString('base64') : undefined;
    sendInvocationResult(res, requestId, answer.payload, answer.functionError, { executedVersion: qualifier.executedVersion, logResult: tail });
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

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? CliDefaults.port, options.host ?? CliDefaults.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    uninstallLogCapture();
    throw err;
  }
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
      uninstallLogCapture();
    })();
    return closing;
  };

  const invoke = async (event: unknown): Promise<InvocationAnswer> => {
    const { settled, payload, functionError } = await run(event, randomUUID(), '$LATEST');
    return { settled, payload, functionError };
  };

  return { url: `http://${host}:${address.port}`, port: address.port, functionName, invoke, close };
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
