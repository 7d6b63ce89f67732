import type { LambdaRuntimeContext } from '../../bootstrap/invocation';
import { fakeLambdaContext } from '../../testing/create-test-harness';
import { CliDefaults } from '../constants';

/** The context the local runners hand a handler: every field of the Node.js runtime's. */
export type LocalLambdaContext = LambdaRuntimeContext;

/** What a local invocation's context is made from. */
export interface LambdaContextOptions {
  functionName: string;
  /** The function timeout: `getRemainingTimeInMillis()` counts down from it. */
  timeoutMs: number;
  /** Defaults to a fresh UUID, as Lambda gives every invocation. */
  awsRequestId?: string;
  region?: string;
  accountId?: string;
  memoryLimitInMB?: number;
}

/**
 * The context of one local invocation, with the CLI's region, account and memory:
 * {@link fakeLambdaContext}, counting down from the function timeout.
 *
 * @example
 * ```ts
 * const context = createLambdaContext({ functionName: 'portal', timeoutMs: 30_000 });
 * const answer = await handler(event, context);
 * ```
 */
export function createLambdaContext(options: LambdaContextOptions): LocalLambdaContext {
  return fakeLambdaContext({
    functionName: options.functionName,
    remainingTimeMs: options.timeoutMs,
    awsRequestId: options.awsRequestId,
    region: options.region ?? CliDefaults.region,
    accountId: options.accountId ?? CliDefaults.accountId,
    memoryLimitInMB: options.memoryLimitInMB ?? CliDefaults.memoryLimitInMB,
  });
}
