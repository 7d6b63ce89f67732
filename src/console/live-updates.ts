import type { ServerResponse } from 'node:http';

/** How often an idle stream gets a comment, so proxies and browsers keep it open. */
const KEEP_ALIVE_MS = 15_000;

/**
 * The console's server-sent events: every open page gets each update as it
 * happens. Updates carry the invocation log line and the ledger, never an
 * event's payload or an answer (a secret is shown once, in the answer to the
 * page that asked for it).
 *
 * @example
 * ```ts
 * const live = new LiveUpdates();
 * live.subscribe(res);
 * live.publish('invocation', settled);
 * ```
 */
export class LiveUpdates {
  private readonly streams = new Set<ServerResponse>();
  private readonly keepAlive: NodeJS.Timeout;

  constructor() {
    this.keepAlive = setInterval(() => this.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    this.keepAlive.unref();
  }

  /** How many pages listen. */
  get listeners(): number {
    return this.streams.size;
  }

  /** Starts a stream on `res` (the headers are the caller's, already sent). */
  subscribe(res: ServerResponse): void {
    this.streams.add(res);
    res.on('close', () => this.streams.delete(res));
    res.write('event: ready\ndata: {}\n\n');
  }

  /** Sends one named event to every open page. */
  publish(event: string, data: unknown): void {
    this.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** Ends every stream. */
  close(): void {
    clearInterval(this.keepAlive);
    for (const res of this.streams) res.end();
    this.streams.clear();
  }

  private write(text: string): void {
    for (const res of this.streams) res.write(text);
  }
}
