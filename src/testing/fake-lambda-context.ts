// A leaf module (node built-ins only): the CLI builds its Lambda context with it without loading the framework.
import { randomUUID } from 'node:crypto';
import type { LambdaRuntimeContext } from '../bootstrap/invocation';

/** Options of {@link fakeLambdaContext}. @example fakeLambdaContext({ remainingTimeMs: 1_000, functionName: 'portal', awsRequestId: 'req-1' }); */
export interface FakeLambdaContextOptions {
  /** Milliseconds left at creation; counts down in real time. Default 30 000. */
  remainingTimeMs?: number;
  functionName?: string;
  /** Defaults to a fresh UUID, as Lambda gives every invocation. */
  awsRequestId?: string;
  /** For the function's ARN. Default `us-east-1`. */
  region?: string;
  /** For the function's ARN. Default `000000000000`. */
  accountId?: string;
  /** Default 256. */
  memoryLimitInMB?: number;
}

/**
 * A Lambda context for tests and the CLI: every field Lambda's Node.js runtime passes, a fresh request id, and a time left that counts down.
 * @example await handler(event, fakeLambdaContext({ remainingTimeMs: 3000 }));
 */
export function fakeLambdaContext(options: FakeLambdaContextOptions = {}): LambdaRuntimeContext {
  const functionName = options.functionName ?? 'apono-integration';
  const deadlineMs = Date.now() + (options.remainingTimeMs ?? 30_000);
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn(functionName, options.region ?? 'us-east-1', options.accountId ?? '000000000000'),
    memoryLimitInMB: String(options.memoryLimitInMB ?? 256),
    awsRequestId: options.awsRequestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${day}/[$LATEST]local`,
    getRemainingTimeInMillis: () => Math.max(0, deadlineMs - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** The ARN a function of that name would have. @example functionArn('portal', 'us-east-1', '000000000000'); // 'arn:aws:lambda:us-east-1:000000000000:function:portal' */
export function functionArn(functionName: string, region: string, accountId: string): string {
  return `arn:aws:lambda:${region}:${accountId}:function:${functionName}`;
}
