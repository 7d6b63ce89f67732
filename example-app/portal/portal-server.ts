import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hashApiToken, newApiToken } from './api-tokens';
import { HttpError, readJsonObject, sendJson } from './http-helpers';
import { PortalDatabase } from './portal-database';
import { addMembership, findMemberships, pageOfMemberships } from './memberships';

/** The header every admin call must carry. */
export const ADMIN_API_KEY_HEADER = 'x-admin-api-key';

/** How to run the portal. */
export interface PortalServerOptions {
  /** The JSON file holding the portal's data (created with seed projects). */
  dataFile: string;
  /** The admin API key callers must present. */
  adminApiKey: string;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
}

/** A running portal. */
export interface RunningPortal {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** `segment` is what the route pattern's one capture group matched in the path ('' for a pattern without one). */
type Route = (req: IncomingMessage, segment: string, url: URL) => Promise<{ status: number; body?: unknown }>;

/**
 * Starts the project portal: an internal web application's admin API.
 *
 * - `GET /health` (no key)
 * - `GET /admin/projects`
 * - `GET /admin/memberships?username=&projectId=&role=&grantId=` · `POST /admin/memberships` · `DELETE /admin/memberships/{id}`
 *   (memberships are kept one per grant: see {@link addMembership})
 * - `GET /admin/membership-pages?limit=&cursor=`: every membership, a page at a time (`{ memberships, nextCursor? }`, see {@link pageOfMemberships})
 * - `POST /admin/tokens/{username}` (create, 409 if one exists) · `POST /admin/tokens/{username}/rotate` · `DELETE /admin/tokens/{username}`
 *
 * @example
 * ```ts
 * const portal = await startPortalServer({ dataFile: '.data/portal.json', adminApiKey: 'dev-key', port: 8080 });
 * await portal.close();
 * ```
 */
export async function startPortalServer(options: PortalServerOptions): Promise<RunningPortal> {
  if (options.adminApiKey.length < 8) throw new Error('the portal admin API key must have at least 8 characters');
  const db = await PortalDatabase.open(options.dataFile);
  const expectedKey = Buffer.from(options.adminApiKey);

  const routes: Array<[string, RegExp, Route]> = [
    ['GET', /^\/admin\/projects$/, async () => ({ status: 200, body: db.read().projects })],
    ['GET', /^\/admin\/memberships$/, async (_req, _segment, url) => ({ status: 200, body: findMemberships(db.read(), url.searchParams) })],
    ['GET', /^\/admin\/membership-pages$/, async (_req, _segment, url) => ({ status: 200, body: pageOfMemberships(db.read(), url.searchParams) })],
    ['POST', /^\/admin\/memberships$/, async (req) => addMembership(db, await readJsonObject(req))],
    [
      'DELETE',
      /^\/admin\/memberships\/([^/]+)$/,
      async (_req, segment) => {
        const removed = await db.change((data) => {
          const before = data.memberships.length;
          data.memberships = data.memberships.filter((m) => m.id !== segment);
          return data.memberships.length < before;
        });
        if (!removed) throw new HttpError(404, 'no such membership');
        return { status: 204 };
      },
    ],
    ['POST', /^\/admin\/tokens\/([^/]+)$/, async (_req, segment) => issueToken(db, decodeURIComponent(segment), 'create')],
    ['POST', /^\/admin\/tokens\/([^/]+)\/rotate$/, async (_req, segment) => issueToken(db, decodeURIComponent(segment), 'rotate')],
    [
      'DELETE',
      /^\/admin\/tokens\/([^/]+)$/,
      async (_req, segment) => {
        const username = decodeURIComponent(segment);
        const removed = await db.change((data) => {
          const before = data.tokens.length;
          data.tokens = data.tokens.filter((t) => t.username !== username);
          return data.tokens.length < before;
        });
        if (!removed) throw new HttpError(404, 'no token for this user');
        return { status: 204 };
      },
    ],
  ];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://portal');
    if (req.method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });
    if (!isAuthorised(req.headers[ADMIN_API_KEY_HEADER], expectedKey)) throw new HttpError(401, 'missing or wrong admin API key');
    for (const [method, pattern, route] of routes) {
      const match = pattern.exec(url.pathname);
      if (match && req.method === method) {
        const [, segment = ''] = match;
        const { status, body } = await route(req, segment, url);
        return sendJson(res, status, body);
      }
    }
    throw new HttpError(404, 'no such route');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      if (status === 500) process.stderr.write(`portal: ${(err as Error).message}\n`);
      sendJson(res, status, { message: err instanceof HttpError ? err.message : 'internal error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function isAuthorised(presented: string | string[] | undefined, expected: Buffer): boolean {
  if (typeof presented !== 'string') return false;
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function issueToken(db: PortalDatabase, username: string, mode: 'create' | 'rotate'): Promise<{ status: number; body: { token: string } }> {
  const token = newApiToken();
  const now = new Date().toISOString();
  await db.change((data) => {
    const existing = data.tokens.find((t) => t.username === username);
    if (mode === 'create' && existing) throw new HttpError(409, 'this user already has a token; rotate it');
    if (mode === 'rotate' && !existing) throw new HttpError(404, 'no token for this user');
    if (existing) Object.assign(existing, { tokenSha256: hashApiToken(token), rotatedAt: now });
    else data.tokens.push({ username, tokenSha256: hashApiToken(token), createdAt: now });
  });
  return { status: mode === 'create' ? 201 : 200, body: { token } };
}
