/** What the server logs about one invocation: one JSON line, no payload. */
export interface InvocationLogLine {
  function_name: string;
  request_id: string;
  event_type?: string;
  grant_id?: string;
  duration_ms: number;
  /** `ok`, or the error type the function failed with. */
  outcome: string;
}

/** Where log lines go; stderr unless told otherwise. */
export type LogSink = (line: string) => void;

/** The default sink: stderr, so stdout stays for answers. */
export const stderrSink: LogSink = (line) => {
  process.stderr.write(`${line}\n`);
};

/**
 * Writes the per-invocation log line. Only the event type and grant id are
 * read from the event: everything else in it may be secret.
 *
 * @example
 * ```ts
 * logInvocation(stderrSink, { function_name: 'portal', request_id, duration_ms: 3.2, outcome: 'ok' });
 * ```
 */
export function logInvocation(sink: LogSink, line: InvocationLogLine): void {
  // The framework's JSON-lines shape (level, message, timestamp), so one log reader fits both.
  sink(JSON.stringify({ level: line.outcome === 'ok' ? 'INFO' : 'WARN', message: 'invocation', timestamp: new Date().toISOString(), ...line }));
}

/**
 * The `event_type` and `params.grant_id` of an event, when they are strings.
 *
 * @example
 * ```ts
 * eventSummary({ event_type: 'grant-access', params: { grant_id: 'g-1' } }); // { event_type: 'grant-access', grant_id: 'g-1' }
 * ```
 */
export function eventSummary(event: unknown): { event_type?: string; grant_id?: string } {
  if (typeof event !== 'object' || event === null) return {};
  const { event_type: eventType, params } = event as { event_type?: unknown; params?: unknown };
  const grantId = typeof params === 'object' && params !== null ? (params as { grant_id?: unknown }).grant_id : undefined;
  return {
    ...(typeof eventType === 'string' ? { event_type: eventType } : {}),
    ...(typeof grantId === 'string' ? { grant_id: grantId } : {}),
  };
}
