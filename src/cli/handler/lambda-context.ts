import { randomUUID } from 'node:crypto';
import { CliDefaults } from '../constants';

/**
 * The Lambda context object handed to a handler by the local runners. It has
 * the fields of the Node.js runtime's context, so handlers typed with
 * `Context` from `aws-lambda` accept it.
 */
export interface LocalLambdaContext {
  callbackWaitsForEmptyEventLoop: boolean;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  /** A string, as in the real runtime. */
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  getRemainingTimeInMillis(): number;
}

/** What a local invocation's context is made from. */
export interface LambdaContextOptions {
  functionName: string;
  /** The function timeout: `getRemainingTimeInMillis()` counts down from it. */
  timeoutMs: number;
  memoryLimitInMB?: number;
  region?: string;
  accountId?: string;
  /** Defaults to a fresh UUID, as Lambda gives every invocation. */
  awsRequestId?: string;
  /** When the invocation started (epoch ms); defaults to now. */
  startedAtMs?: number;
}

/**
 * Builds a Lambda-like context for one local invocation.
 *
 * @example
 * ```ts
 * const context = createLambdaContext({ functionName: 'portal', timeoutMs: 30_000 });
 * const answer = await handler(event, context);
 * ```
 */
export function createLambdaContext(options: LambdaContextOptions): LocalLambdaContext {
  const region = options.region ?? CliDefaults.region;
  const accountId = options.accountId ?? CliDefaults.accountId;
  const deadlineMs = (options.startedAtMs ?? Date.now()) + options.timeoutMs;
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: options.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn(options.functionName, region, accountId),
    memoryLimitInMB: String(options.memoryLimitInMB ?? CliDefaults.memoryLimitInMB),
    awsRequestId: options.awsRequestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${options.functionName}`,
    logStreamName: `${day}/[$LATEST]local`,
    getRemainingTimeInMillis: () => Math.max(0, deadlineMs - Date.now()),
  };
}

/**
 * The ARN a function of that name would have.
 *
 * @example
 * ```ts
 * functionArn('portal', 'us-east-1', '000000000000'); // 'arn:aws:lambda:us-east-1:000000000000:function:portal'
 * ```
 */
export function functionArn(functionName: string, region: string, accountId: string): string {
  return `arn:aws:lambda:${region}:${accountId}:function:${functionName}`;
}
