import type { LambdaRuntimeContext } from '../bootstrap/invocation';
import { randomUUID } from 'node:crypto';

/**
 * Options of {@link fakeLambdaContext}.
 *
 * @example
 * ```ts
 * const context = fakeLambdaContext({ remainingTimeMs: 1_000, functionName: 'portal', awsRequestId: 'req-1' });
 * ```
 */
export interface FakeLambdaContextOptions {
  /** Milliseconds left at creation; counts down in real time. Default 30 000. */
  remainingTimeMs?: number;
  functionName?: string;
  awsRequestId?: string;
}

/**
 * A Lambda context for tests and local runs: a fresh request id and a
 * remaining time that counts down from `remainingTimeMs`.
 *
 * @example
 * ```ts
 * await handler(event, fakeLambdaContext({ remainingTimeMs: 3000 }));
 * ```
 */
export function fakeLambdaContext(options: FakeLambdaContextOptions = {}): LambdaRuntimeContext {
  const functionName = options.functionName ?? 'apono-integration';
  const deadlineMs = Date.now() + (options.remainingTimeMs ?? 30_000);
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: options.awsRequestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadlineMs - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
