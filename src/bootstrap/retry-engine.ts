import { ExponentialBackoff, handleWhen, retry, type IBackoff, type IBackoffFactory, type IRetryBackoffContext } from 'cockatiel';

/** What one `invocation.retry()` call settled before its first attempt. */
export interface RetryPlan {
  /** Attempts in all, the first one included (≥ 1). */
  readonly maxAttempts: number;
  /** The scale of the first wait, ms. */
  readonly baseDelayMs: number;
  /** The longest wait, ms. */
  readonly maxDelayMs: number;
  shouldRetry(error: unknown): boolean;
  /** The wait before attempt `nextAttempt`; throws the last error to stop (a wait past the deadline, a Retry-After over `maxDelayMs`). */
  waitBefore(nextAttempt: number, error: unknown, backoffMs: number): number;
}

type BackoffContext = IRetryBackoffContext<unknown>;

/** Cockatiel's exponential backoff (decorrelated jitter), with the plan's last word on each wait (Retry-After, the deadline). */
function plannedBackoff(plan: RetryPlan, exponential: IBackoff<unknown> | IBackoffFactory<unknown>): IBackoffFactory<BackoffContext> {
  return {
    next(context: BackoffContext): IBackoff<BackoffContext> {
      const proposed = exponential.next(undefined);
      const error = 'error' in context.result ? context.result.error : undefined;
      // context.attempt counts retries from 1, so the attempt that follows this wait is one more.
      const duration = plan.waitBefore(context.attempt + 1, error, proposed.duration);
      return { duration, next: plannedBackoff(plan, proposed).next };
    },
  };
}

/** Runs `attempt` under cockatiel's retry policy, as `plan` says. @example const answer = await runAttempts(plan, (n) => callUpstream(n), signal); */
export function runAttempts<T>(plan: RetryPlan, attempt: (attemptNumber: number) => Promise<T>, signal: AbortSignal): Promise<T> {
  const exponential = new ExponentialBackoff({ initialDelay: plan.baseDelayMs, maxDelay: plan.maxDelayMs });
  const policy = retry(handleWhen((error) => plan.shouldRetry(error)), {
    maxAttempts: plan.maxAttempts - 1, // cockatiel counts the retries after the first attempt
    backoff: plannedBackoff(plan, exponential),
  });
  // Unref'd: a wait the signal cut short (the caller has answered) must not keep the process up.
  return policy.dangerouslyUnref().execute(({ attempt: retries }) => attempt(retries + 1), signal);
}
