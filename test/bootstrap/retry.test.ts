import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Grant, type GrantRequest, HttpError, Integration, type Invocation, ListResources, Revoke } from 'apono-lambda-kit';
import { retryAfterMsOf, type RetryOptions } from '../../src/bootstrap/retry';
import { createTestHarness } from 'apono-lambda-kit/testing';

/** How the upstream answers one request: a status (with headers, perhaps late), or a reset connection. */
type Reply = { status: number; headers?: Record<string, string>; afterMs?: number } | 'reset';

/** A real HTTP server on loopback that answers requests from a script, and notes when each arrived. */
class ScriptedUpstream {
  url = '';
  requestTimesMs: number[] = [];
  private script: Reply[] = [];
  private readonly server: Server = createServer((req, res) => {
    this.requestTimesMs.push(Date.now());
    // The last reply repeats once the script runs out.
    const reply = this.script[Math.min(this.requestTimesMs.length, this.script.length) - 1]!;
    if (reply === 'reset') return void req.socket.destroy();
    setTimeout(() => {
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify({ attempt: Number(req.headers['x-attempt']) }));
    }, reply.afterMs ?? 0);
  });

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/members`;
  }

  answer(...script: Reply[]): void {
    this.script = script;
    this.requestTimesMs = [];
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const upstream = new ScriptedUpstream();
let retryOptions: RetryOptions = {};
/** Whether the method hands the signal to fetch; without it, fetch is a client that cannot be aborted. */
let passSignal = true;
/** What the method itself saw: its retry's outcome, and when the signal fired. */
let seen: { error?: unknown; abortedAtMs?: number } = {};

class UpstreamIntegration extends Integration {
  @ListResources() list() { return { resources: [], permissions: [] }; }

  @Grant()
  async grant(_req: GrantRequest, { retry, onAbort }: Invocation) {
    onAbort(() => { seen.abortedAtMs = Date.now(); });
    try {
      const body = await retry(async (attempt, signal) => {
        const res = await fetch(upstream.url, { method: 'POST', headers: { 'x-attempt': String(attempt) }, signal: passSignal ? signal : undefined });
        if (!res.ok) throw HttpError.fromResponse(res, `upstream answered ${res.status} on attempt ${attempt}`);
        return (await res.json()) as { attempt: number };
      }, retryOptions);
      return { data: body };
    } catch (err) {
      seen.error = err;
      throw err;
    }
  }

  @Revoke() revoke() {}
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('invocation.retry', () => {
  beforeAll(() => upstream.start());
  afterAll(() => upstream.stop());
  beforeEach(() => {
    retryOptions = { baseDelayMs: 1 };
    passSignal = true;
    seen = {};
  });

  it('retries a retryable failure (503) and answers with the attempt that succeeded', async () => {
    // Prepare
    upstream.answer({ status: 503 }, { status: 503 }, { status: 200 });
    const harness = createTestHarness(UpstreamIntegration);
    // Act
    const answer = await harness.grant({ grantId: 'g-retry-503' });
    // Assess
    expect(answer).toEqual({ status: 'ok' });
    expect(upstream.requestTimesMs).toHaveLength(3);
    expect((await harness.store.get('g-retry-503'))?.data).toEqual({ attempt: 3 });
  });

  it('retries a connection the server reset (a network error), then succeeds', async () => {
    // Prepare
    upstream.answer('reset', { status: 200 });
    const harness = createTestHarness(UpstreamIntegration);
    // Act
    const answer = await harness.grant();
    // Assess
    expect(answer).toEqual({ status: 'ok' });
    expect(upstream.requestTimesMs).toHaveLength(2);
  });

  it('does not retry a non-retryable error (400): one attempt, its error rethrown', async () => {
    // Prepare
    upstream.answer({ status: 400 }, { status: 200 });
    const harness = createTestHarness(UpstreamIntegration);
    // Act
    const failure = await harness.grant().catch((err: unknown) => err);
    // Assess
    expect(failure).toMatchObject({ name: 'HttpError', status: 400 });
    expect(upstream.requestTimesMs).toHaveLength(1);
  });

  it('honours Retry-After: the next attempt starts no sooner than the server asked', async () => {
    // Prepare
    upstream.answer({ status: 503, headers: { 'retry-after': '1' } }, { status: 200 });
    const harness = createTestHarness(UpstreamIntegration);
    // Act
    await harness.grant();
    // Assess
    expect(upstream.requestTimesMs).toHaveLength(2);
    const [first, second] = upstream.requestTimesMs;
    expect(second! - first!).toBeGreaterThanOrEqual(900); // the backoff alone would wait a few ms (baseDelayMs: 1)
  });

  it('stops at the deadline: answers DeadlineExceededError and starts no attempt after the signal', async () => {
    // Prepare: the signal fires ~500 ms in, during the third attempt, whose client cannot be
    // aborted and whose retryable 503 only arrives ~300 ms later.
    upstream.answer({ status: 503 }, { status: 503 }, { status: 503, afterMs: 800 });
    retryOptions = { baseDelayMs: 1, maxAttempts: 10 };
    passSignal = false;
    const harness = createTestHarness(UpstreamIntegration, { remainingTimeMs: 1_000, bootstrap: { deadlineMarginMs: 500 } });
    // Act
    const failure = await harness.grant().catch((err: unknown) => err);
    await pause(800); // past the late 503, with room for an attempt that must not come
    // Assess
    expect(failure).toMatchObject({ name: 'DeadlineExceededError' });
    expect(seen.error).toMatchObject({ name: 'DeadlineExceededError' }); // retry() rejected with the signal's reason, not the late 503
    expect(upstream.requestTimesMs).toHaveLength(3);
    expect(upstream.requestTimesMs.every((atMs) => atMs < (seen.abortedAtMs ?? 0))).toBe(true);
  });

  it('stops at once with the last error when the wait Retry-After asks for would end after the deadline', async () => {
    // Prepare
    upstream.answer({ status: 503, headers: { 'retry-after': '60' } }, { status: 200 });
    retryOptions = { baseDelayMs: 1, maxDelayMs: 120_000 };
    const harness = createTestHarness(UpstreamIntegration, { remainingTimeMs: 5_000 });
    // Act
    const failure = await harness.grant().catch((err: unknown) => err);
    // Assess
    expect(failure).toMatchObject({ name: 'HttpError', status: 503, message: 'upstream answered 503 on attempt 1' });
    expect(upstream.requestTimesMs).toHaveLength(1);
    expect(harness.logs.some((line) => line.message === 'retries stopped: the next wait would end after the invocation deadline')).toBe(true);
  });

  it('gives up after maxAttempts with the last error', async () => {
    // Prepare
    upstream.answer({ status: 503 });
    retryOptions = { baseDelayMs: 1, maxAttempts: 3 };
    const harness = createTestHarness(UpstreamIntegration);
    // Act
    const failure = await harness.grant().catch((err: unknown) => err);
    // Assess
    expect(failure).toMatchObject({ name: 'HttpError', status: 503, message: 'upstream answered 503 on attempt 3' });
    expect(upstream.requestTimesMs).toHaveLength(3);
  });

  it('reads Retry-After as seconds or as an HTTP date, from the error or its headers', () => {
    // Prepare
    const nowMs = Date.parse('2030-01-01T00:00:00Z');
    // Act
    const waits = [
      retryAfterMsOf(new HttpError(429, 'slow down', { retryAfter: '2' }), nowMs),
      retryAfterMsOf({ status: 503, headers: { 'Retry-After': 'Tue, 01 Jan 2030 00:00:05 GMT' } }, nowMs),
      retryAfterMsOf({ response: { status: 503, headers: new Headers({ 'retry-after': '3' }) } }, nowMs),
      retryAfterMsOf({ status: 503, headers: { 'retry-after': 'soon' } }, nowMs),
    ];
    // Assess
    expect(waits).toEqual([2_000, 5_000, 3_000, undefined]);
  });
});
