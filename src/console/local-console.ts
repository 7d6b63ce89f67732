// The console's routes and the events its actions send; CLI-side only. See docs/local-loop.md#console-routes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StoreKind } from '../cli/constants';
import type { InvocationAnswer, SettledInvocation } from '../cli/server/invoke-api-server';
import { redactSecretValues } from '../logging/logger';
import { FrameworkEventType } from '../protocol/constants';
import { consolePage, loadConsoleAssets } from './console-assets';
import { CONSOLE_SECURITY_HEADERS, ConsoleGuard, ConsoleRequestError } from './console-guard';
import { ConsoleLedger, LiveUpdates } from './console-ledger';
import { type ConsoleSettings, ConsoleSettingsFile } from './console-settings';

/** What a console serves and for which function. */
export interface LocalConsoleOptions {
  functionName: string;
  /** Holds `console.json` (the settings, without secrets). */
  dataDir: string;
  store: StoreKind;
  dynamodbEndpoint?: string;
  tableName?: string;
  /** Runs one invocation as the Invoke API runs it. */
  invoke(event: unknown): Promise<InvocationAnswer>;
}

/** A console, to be served beside the Invoke API. */
export interface LocalConsole {
  /** This run's token: `serve` prints it once, in {@link LocalConsole.urlFor}. */
  token: string;
  /** The URL that opens the console: `<base>/?token=…`. */
  urlFor(baseUrl: string): string;
  /** Answers a console request; resolves false for paths that are not the console's. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Tells the open pages of a settled invocation (whoever sent it). */
  notify(settled: SettledInvocation): void;
  close(): void;
}

const MAX_LOGGED_INVOCATIONS = 200;
const MAX_BODY_BYTES = 64 * 1024;

/**
 * The local console on the serve port: what Apono's users and admins see. Every route passes the {@link ConsoleGuard}.
 * @example
 * ```ts
 * const local = createLocalConsole({ functionName, dataDir: '.data', store: 'memory', invoke: (event) => server.invoke(event) });
 * // startInvokeApiServer({ …, otherRoutes: local.handle, onInvocation: local.notify })
 * ```
 */
export function createLocalConsole(options: LocalConsoleOptions): LocalConsole {
  const guard = new ConsoleGuard();
  const settings = new ConsoleSettingsFile(options.dataDir);
  const ledger = new ConsoleLedger(options);
  const live = new LiveUpdates();
  const invocations: SettledInvocation[] = [];
  let ledgerRead: Promise<void> | undefined;
  let ledgerStale = false;

  const pushLedger = (): void => {
    if (live.listeners === 0) return;
    if (ledgerRead !== undefined) {
      ledgerStale = true;
      return;
    }
    ledgerRead = ledger
      .read()
      .then((view) => live.publish('ledger', view))
      .catch((err: unknown) => live.publish('ledger', { readable: false, reason: `the ledger could not be read: ${(err as Error).message}` }))
      .finally(() => {
        ledgerRead = undefined;
        if (ledgerStale) {
          ledgerStale = false;
          pushLedger();
        }
      });
  };

  const notify = (settled: SettledInvocation): void => {
    const line: SettledInvocation = { ...settled, ...(settled.error_message === undefined ? {} : { error_message: redactSecretValues(settled.error_message) }) };
    invocations.push(line);
    if (invocations.length > MAX_LOGGED_INVOCATIONS) invocations.shift();
    live.publish('invocation', line);
    pushLedger();
  };

  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<void>> = {
    'GET /console/app.js': async (_req, res) => send(res, 200, 'text/javascript; charset=utf-8', (await loadConsoleAssets()).script),
    'GET /console/app.css': async (_req, res) => send(res, 200, 'text/css; charset=utf-8', (await loadConsoleAssets()).styles),
    'GET /console/api/state': async (_req, res) =>
      sendJson(res, 200, { functionName: options.functionName, store: options.store, settings: settings.masked(), invocations, ledger: await ledger.read() }),
    'GET /console/api/ledger': async (_req, res) => sendJson(res, 200, await ledger.read()),
    'PUT /console/api/settings': async (req, res) => {
      settings.update(await readJson(req));
      sendJson(res, 200, settings.masked());
    },
    'POST /console/api/invoke': async (req, res) => {
      const event = consoleEvent(await readJson(req), settings.current());
      const answer = await options.invoke(event);
      // The answer (a credentials secret among it) goes to this page only: it is not kept, logged or broadcast.
      sendJson(res, 200, { settled: answer.settled, functionError: answer.functionError, answer: JSON.parse(answer.payload) as unknown });
    },
    'GET /console/api/events': async (_req, res) => {
      res.writeHead(200, { ...CONSOLE_SECURITY_HEADERS, 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
      live.subscribe(res);
    },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = `${req.method ?? ''} ${url.pathname}`;
    if (url.pathname !== '/' && !url.pathname.startsWith('/console/')) return false;
    if (url.pathname === '/') {
      const tokenInUrl = url.searchParams.get('token');
      req.resume();
      if (!guard.check(req, res, tokenInUrl).allowed) return true;
      if (req.method !== 'GET') {
        sendJson(res, 405, { error: 'MethodNotAllowed', message: 'the page answers GET only' });
        return true;
      }
      if (tokenInUrl !== null) {
        // The token moves to an HttpOnly cookie and leaves the address bar (and the history).
        res.writeHead(303, { ...CONSOLE_SECURITY_HEADERS, Location: '/', 'Set-Cookie': guard.sessionCookie(), 'Content-Length': 0 });
        res.end();
        return true;
      }
      send(res, 200, 'text/html; charset=utf-8', consolePage(options.functionName));
      return true;
    }
    const run = routes[route];
    const hasBody = req.method === 'POST' || req.method === 'PUT';
    if (!guard.check(req, res).allowed) {
      req.resume();
      return true;
    }
    if (run === undefined) {
      req.resume();
      sendJson(res, 404, { error: 'NotFound', message: `no console route ${route.slice(0, 200)}` });
      return true;
    }
    if (hasBody && !String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      // A JSON content type is what a cross-site form or a no-cors fetch cannot send without a preflight.
      req.resume();
      sendJson(res, 415, { error: 'UnsupportedMediaType', message: 'send the request as application/json' });
      return true;
    }
    try {
      await run(req, res);
    } catch (err) {
      if (res.headersSent) return true;
      // A refused request is the caller's (400); anything else failed here (500). Neither echoes a secret.
      const refused = err instanceof ConsoleRequestError;
      sendJson(res, refused ? 400 : 500, { error: refused ? 'BadRequest' : 'InternalError', message: redactSecretValues(err instanceof Error ? err.message : String(err)) });
    }
    return true;
  };

  return {
    token: guard.token,
    urlFor: (baseUrl) => `${baseUrl}/?token=${guard.token}`,
    handle,
    notify,
    close: () => live.close(),
  };
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { ...CONSOLE_SECURITY_HEADERS, 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return reject(new ConsoleRequestError(`the request body must be at most ${MAX_BODY_BYTES} bytes`));
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
      } catch {
        reject(new ConsoleRequestError('the request body is not valid JSON'));
      }
    });
    req.on('error', reject);
  });
}

/** What the page can ask the function to do, by the event it sends. */
const ConsoleActions = [
  'get-status',
  'list-resources',
  'grant-access',
  'revoke-access',
  'create-credentials',
  'reset-credentials',
  'delete-credentials',
  'reconcile',
] as const;

type ConsoleAction = (typeof ConsoleActions)[number];

/**
 * The event a page request stands for, with the settings' resource type and (secret) custom parameters.
 * Throws an error naming the field and the rule; values are never echoed.
 * @example
 * consoleEvent({ action: 'grant-access', grantId: 'g-1', username: 'dana@example.com', resources: ['proj-billing'], permission: 'reader' }, settings);
 * // { event_type: 'grant-access', params: { grant_id: 'g-1', …, resource_type: 'project', custom_parameters: {…} } }
 */
export function consoleEvent(input: unknown, settings: ConsoleSettings): { event_type: string; params: Record<string, unknown> } {
  if (typeof input !== 'object' || input === null) throw new ConsoleRequestError('the request must be a JSON object with an "action"');
  const body = input as Record<string, unknown>;
  const action = body.action;
  if (typeof action !== 'string' || !(ConsoleActions as readonly string[]).includes(action)) {
    throw new ConsoleRequestError(`action must be one of ${ConsoleActions.join(', ')}`);
  }
  if (settings.resourceType === '') throw new ConsoleRequestError('set the resource type first (Settings)');
  const custom_parameters = settings.customParameters;
  const resource_type = settings.resourceType;
  switch (action as ConsoleAction) {
    case 'get-status':
      return { event_type: action, params: { custom_parameters } };
    case 'list-resources':
      return { event_type: action, params: { resource_type, custom_parameters } };
    case 'grant-access':
    case 'revoke-access':
      return {
        event_type: action,
        params: {
          grant_id: text(body, 'grantId'),
          username: text(body, 'username'),
          resource_type,
          resources: list(body, 'resources'),
          permission: text(body, 'permission'),
          custom_parameters,
        },
      };
    case 'create-credentials':
    case 'reset-credentials':
    case 'delete-credentials':
      return { event_type: action, params: { username: text(body, 'username'), resource_type, resources: list(body, 'resources'), custom_parameters } };
    case 'reconcile':
      if (typeof body.dryRun !== 'boolean') throw new ConsoleRequestError('dryRun must be true or false');
      return { event_type: FrameworkEventType.Reconcile, params: { resource_types: [resource_type], dry_run: body.dryRun, custom_parameters } };
  }
}

function text(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '' || value.length > 1024) throw new ConsoleRequestError(`${field} must be a non-empty string of at most 1024 characters`);
  return value.trim();
}

function list(body: Record<string, unknown>, field: string): string[] {
  const value = body[field];
  if (!Array.isArray(value) || value.length === 0 || value.length > 100 || !value.every((item) => typeof item === 'string' && item !== '')) {
    throw new ConsoleRequestError(`${field} must be a list of 1 to 100 non-empty strings`);
  }
  return value as string[];
}
