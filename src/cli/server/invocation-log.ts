import { AsyncLocalStorage } from 'node:async_hooks';

/** What the server logs about one invocation: one JSON line, no payload. See docs/local-loop.md#invocation-log. */
export interface InvocationLogLine {
  function_name: string;
  request_id: string;
  event_type?: string;
  grant_id?: string;
  duration_ms: number;
  /** `ok`, or the error type the function failed with. */
  outcome: string;
}

/** Where log lines go. */
export type LogSink = (line: string) => void;

/** The default sink: stderr, so stdout stays for answers. */
export const stderrSink: LogSink = (line) => {
  process.stderr.write(`${line}\n`);
};

/**
 * Writes the per-invocation log line, in the framework's JSON-lines shape.
 * @example logInvocation(stderrSink, { function_name: 'portal', request_id, duration_ms: 3.2, outcome: 'ok' });
 */
export function logInvocation(sink: LogSink, line: InvocationLogLine): void {
  sink(JSON.stringify({ level: line.outcome === 'ok' ? 'INFO' : 'WARN', message: 'invocation', timestamp: new Date().toISOString(), ...line }));
}

/**
 * The `event_type` and `params.grant_id` of an event, the only fields read: the rest may be secret.
 * @example eventSummary({ event_type: 'grant-access', params: { grant_id: 'g-1' } }); // { event_type: 'grant-access', grant_id: 'g-1' }
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

interface CapturedLog {
  chunks: string[];
  chars: number;
}

/** Counted in characters, so at least 8 KB: enough for the 4 KB tail. */
const KEEP_CHARS = 8 * 1024;

const current = new AsyncLocalStorage<CapturedLog>();
let installs = 0;
let restore: (() => void) | undefined;

/**
 * Copies stdout and stderr writes into the buffer of the invocation that wrote them. See docs/local-loop.md#invocation-log.
 * @example
 * const uninstall = installLogCapture();
 * const { result, log } = await withCapturedLog(() => runInvocation(handler, event, context, 30_000));
 * uninstall();
 */
export function installLogCapture(): () => void {
  installs += 1;
  if (installs === 1) restore = patchStreams();
  let removed = false;
  return () => {
    if (removed) return;
    removed = true;
    installs -= 1;
    if (installs === 0) {
      restore?.();
      restore = undefined;
    }
  };
}

/**
 * Runs `work` with its own log buffer and answers what it wrote meanwhile.
 * @example const { result, log } = await withCapturedLog(async () => handler(event, context));
 */
export async function withCapturedLog<T>(work: () => Promise<T>): Promise<{ result: T; log: string }> {
  const captured: CapturedLog = { chunks: [], chars: 0 };
  const result = await current.run(captured, work);
  return { result, log: captured.chunks.join('') };
}

/**
 * The last `limitBytes` of a log, from its first whole line, as `X-Amz-Log-Result` carries it.
 * @example tailBytes('a\nb\nc\n', 4); // 'b\nc\n'
 */
export function tailBytes(log: string, limitBytes: number): string {
  const bytes = Buffer.from(log, 'utf8');
  if (bytes.length <= limitBytes) return log;
  let start = bytes.length - limitBytes;
  // A tail that is all one line is cut inside it, though never inside a UTF-8 sequence.
  const lineEnd = bytes.indexOf(0x0a, start - 1);
  if (lineEnd !== -1 && lineEnd < bytes.length - 1) return bytes.subarray(lineEnd + 1).toString('utf8');
  while (start < bytes.length && ((bytes[start] ?? 0) & 0xc0) === 0x80) start += 1;
  return bytes.subarray(start).toString('utf8');
}

function patchStreams(): () => void {
  const patched = [process.stdout, process.stderr].map((stream) => ({ stream, original: stream.write }));
  for (const { stream, original } of patched) {
    stream.write = function write(this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
      const captured = current.getStore();
      if (captured !== undefined) keep(captured, typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof stream.write;
  }
  return () => {
    for (const { stream, original } of patched) stream.write = original;
  };
}

function keep(captured: CapturedLog, text: string): void {
  captured.chunks.push(text);
  captured.chars += text.length;
  // Drop an old write only if the rest still holds KEEP_CHARS; a huge write is cut to its end.
  while (captured.chunks.length > 1 && captured.chars - (captured.chunks[0]?.length ?? 0) >= KEEP_CHARS) captured.chars -= captured.chunks.shift()?.length ?? 0;
  if (captured.chars > 2 * KEEP_CHARS) {
    const kept = captured.chunks.join('').slice(-KEEP_CHARS);
    captured.chunks = [kept];
    captured.chars = kept.length;
  }
}
