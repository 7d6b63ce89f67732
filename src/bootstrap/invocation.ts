import type { Context } from 'aws-lambda';
import type { Logger } from '../logging/types';

/**
 * The Lambda context fields the framework reads. A real `aws-lambda` Context
 * satisfies it; so does the harness's and the local server's.
 *
 * @example
 * ```ts
 * const context: LambdaContext = { awsRequestId: 'req-1', functionName: 'portal', getRemainingTimeInMillis: () => 10_000 };
 * await handler(event, context);
 * ```
 */
export type LambdaContext = Pick<Context, 'awsRequestId' | 'functionName' | 'getRemainingTimeInMillis'> & Partial<Context>;

/**
 * The second argument of every integration method: the invocation around the request.
 *
 * @example
 * ```ts
 * @Grant()
 * async grant(req: GrantRequest, { signal, logger }: Invocation) {
 *   logger.info('adding membership');
 *   await fetch(url, { method: 'POST', signal });   // aborted before the Lambda deadline
 * }
 * ```
 */
export interface Invocation {
  /** The event type being handled. */
  readonly eventType: string;
  /** The Lambda context of this invocation. */
  readonly context: LambdaContext;
  /** Fires shortly before the Lambda deadline (see `deadlineMarginMs`): pass it to fetch and SDK calls. */
  readonly signal: AbortSignal;
  /** A logger stamped with event_type, grant_id, request_id and cold_start. */
  readonly logger: Logger;
}
