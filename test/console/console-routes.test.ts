import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type LocalLambda, startLocalLambda } from '../../src/cli/server/start-local-lambda';
import { createLocalConsole } from '../../src/console/local-console';

/**
 * The console's routes over HTTP, as `serve` runs them: the real Invoke API
 * server with the console on it, the CLI fixture integration, a memory store.
 * Each test sends one request with the session token (unless it tests the token).
 */

const HANDLER = path.join(__dirname, '../support/cli-fixture-integration.ts');

let dataDir: string;
let local: LocalLambda;
let token: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'console-routes-'));
  local = await startLocalLambda({ handlerModule: HANDLER, port: 0, store: 'memory', dataDir, log: () => {} });
  token = new URL(local.consoleUrl ?? '').searchParams.get('token') ?? '';
}, 30_000);

afterAll(async () => {
  await local?.close();
  if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
});

/** A console request carrying this run's token, as a script would send it. */
function send(pathname: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${local.url}${pathname}`, { ...init, redirect: 'manual', headers: { 'X-Console-Token': token, ...(init.headers as Record<string, string>) } });
}

function sendJson(method: string, pathname: string, body: unknown): Promise<Response> {
  return send(pathname, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

describe('the page', () => {
  test('opening the printed URL moves the token into an HttpOnly cookie and redirects to / with 303', async () => {
    // Act
    const response = await fetch(local.consoleUrl ?? '', { redirect: 'manual' });

    // Assess
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    expect(response.headers.get('set-cookie')).toMatch(new RegExp(`^apono_console_[0-9a-f]{12}=${token}; Path=/; HttpOnly; SameSite=Strict$`));
  });

  test('the page is HTML under a strict Content-Security-Policy, with no inline script', async () => {
    // Act
    const response = await send('/');

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    const html = await response.text();
    expect(html).toMatch(/<script src="\/console\/app\.js"/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
  });

  test('a POST to the page is refused with 405', async () => {
    // Act
    const response = await send('/', { method: 'POST' });

    // Assess
    expect(response.status).toBe(405);
    expect(await response.json()).toEqual({ error: 'MethodNotAllowed', message: 'the page answers GET only' });
  });

  test('the page script is served as JavaScript from the package', async () => {
    // Act
    const response = await send('/console/app.js');

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await response.text()).length).toBeGreaterThan(1000);
  });
});

describe('the API', () => {
  test('an unknown console path is 404 naming the route', async () => {
    // Act
    const response = await send('/console/api/nothing-here');

    // Assess
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'NotFound', message: 'no console route GET /console/api/nothing-here' });
  });

  test('a known path under the wrong method is 404', async () => {
    // Act
    const response = await send('/console/api/invoke');

    // Assess
    expect(response.status).toBe(404);
  });

  test('a body that is not application/json is refused with 415 before it is read', async () => {
    // Act
    const response = await send('/console/api/invoke', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{"action":"list-resources"}' });

    // Assess
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({ error: 'UnsupportedMediaType', message: 'send the request as application/json' });
  });

  test('a body that is not JSON is 400 saying so', async () => {
    // Act
    const response = await send('/console/api/settings', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{resourceType' });

    // Assess
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'BadRequest', message: 'the request body is not valid JSON' });
  });

  test('a body over 64 KB is 400 naming the limit', async () => {
    // Act
    const response = await sendJson('PUT', '/console/api/settings', { resourceType: 'x'.repeat(70 * 1024) });

    // Assess
    expect(response.status).toBe(400);
    expect((await response.json()).message).toBe('the request body must be at most 65536 bytes');
  });

  test('a 400 message that would carry a credential from the request has it redacted', async () => {
    // Act
    const response = await sendJson('PUT', '/console/api/settings', { resourceType: 'project', customParameters: { 'postgres://admin:hunter2@db': 'x' } });

    // Assess
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; message: string };
    expect(body.error).toBe('BadRequest');
    expect(body.message).toMatch(/^customParameters key ".*" must be letters, digits/);
    expect(body.message).not.toContain('hunter2');
  });

  test('settings saved through the API come back with secret-looking values masked', async () => {
    // Act
    const response = await sendJson('PUT', '/console/api/settings', { resourceType: 'project', customParameters: { api_token: 'tok-route-123', team: 'platform' } });

    // Assess
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ resourceType: 'project', customParameters: { team: 'platform' }, secretKeys: ['api_token'] });
    expect(text).not.toContain('tok-route-123');
  });

  test('an invoke runs the action through the function and answers its result', async () => {
    // Prepare
    await sendJson('PUT', '/console/api/settings', { resourceType: 'project', customParameters: {} });

    // Act
    const response = await sendJson('POST', '/console/api/invoke', { action: 'list-resources' });

    // Assess
    expect(response.status).toBe(200);
    const body = (await response.json()) as { functionError: boolean; settled: { event_type: string; outcome: string }; answer: { resources: unknown[] } };
    expect(body.functionError).toBe(false);
    expect(body.settled).toMatchObject({ event_type: 'list-resources', outcome: 'ok' });
    expect(body.answer.resources.length).toBeGreaterThan(0);
  });

  test('the live stream opens as server-sent events and says it is ready', async () => {
    // Prepare
    const abort = new AbortController();

    // Act
    const response = await send('/console/api/events', { signal: abort.signal });
    const reader = response.body?.getReader();
    const first = await reader?.read();
    abort.abort();

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(Buffer.from(first?.value ?? new Uint8Array()).toString('utf8')).toContain('event: ready');
  });

  test('the Invoke API paths stay the Invoke API: no console token is asked for', async () => {
    // Act
    const response = await fetch(`${local.url}/2015-03-31/functions/${local.functionName}/invocations`, { method: 'POST', body: '{"event_type":"get-status","params":{}}' });

    // Assess
    expect(response.status).toBe(200);
  });
});

describe('a failure on the server side', () => {
  let server: Server;
  let base: string;
  let consoleToken: string;
  let faultDir: string;

  beforeAll(async () => {
    // Fault injection: an invoke that fails on the server's side, as a broken store would.
    faultDir = mkdtempSync(path.join(tmpdir(), 'console-fault-'));
    const faulty = createLocalConsole({ functionName: 'f', dataDir: faultDir, store: 'memory', invoke: () => Promise.reject(new Error('the store at postgres://admin:hunter2@db is down')) });
    consoleToken = faulty.token;
    server = createServer((req, res) => void faulty.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await fetch(`${base}/console/api/settings`, { method: 'PUT', headers: { 'X-Console-Token': consoleToken, 'Content-Type': 'application/json' }, body: JSON.stringify({ resourceType: 'project', customParameters: {} }) });
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(faultDir, { recursive: true, force: true });
  });

  test('is answered 500, not 400, with its message redacted', async () => {
    // Act
    const response = await fetch(`${base}/console/api/invoke`, { method: 'POST', headers: { 'X-Console-Token': consoleToken, 'Content-Type': 'application/json' }, body: JSON.stringify({ action: 'list-resources' }) });

    // Assess
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: string; message: string };
    expect(body.error).toBe('InternalError');
    expect(body.message).toContain('is down');
    expect(body.message).not.toContain('hunter2');
  });
});
