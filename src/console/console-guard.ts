import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The page's own script, styles and requests only; no inline code, framing or form posts. */
const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The headers every console answer carries, whatever it is. */
export const CONSOLE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONSOLE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/** Loopback `Host` headers only: a DNS-rebound name is refused. */
const LOOPBACK_HOST = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])(:\d+)?$/i;

/**
 * True for an address `serve` may open the console on: loopback only, since the console can grant real access.
 * @example isLoopbackHost('0.0.0.0'); // false
 */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Whether the guard let a request in; when not, it has already answered. */
export type GuardVerdict = { allowed: true } | { allowed: false };

/**
 * The per-run token of a console and the checks every console request passes. See docs/local-loop.md#console-guard.
 * @example
 * ```ts
 * const guard = new ConsoleGuard();
 * console.log(`${url}/?token=${guard.token}`);
 * if (!guard.check(req, res).allowed) return;
 * ```
 */
export class ConsoleGuard {
  /** 32 random bytes, hex: printed once, in the URL `serve` prints. */
  readonly token = randomBytes(32).toString('hex');
  /** Per run: cookies ignore the port, so two consoles on one host would share a fixed name. */
  readonly cookieName = `apono_console_${randomBytes(6).toString('hex')}`;

  /** The `Set-Cookie` that keeps the token for the page's later requests: HttpOnly, SameSite=Strict. */
  sessionCookie(): string {
    return `${this.cookieName}=${this.token}; Path=/; HttpOnly; SameSite=Strict`;
  }

  /** True when `candidate` is this run's token (compared in constant time). */
  isToken(candidate: string | undefined | null): boolean {
    if (typeof candidate !== 'string') return false;
    const given = Buffer.from(candidate);
    const expected = Buffer.from(this.token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** Checks a request, answering 403 or 401 itself; `tokenInUrl` lets the first load (`/?token=…`) in. */
  check(req: IncomingMessage, res: ServerResponse, tokenInUrl?: string | null): GuardVerdict {
    if (!LOOPBACK_HOST.test(req.headers.host ?? '')) {
      return refuse(res, 403, 'the console answers on a loopback address only (127.0.0.1, localhost)');
    }
    if (isCrossOrigin(req)) return refuse(res, 403, 'the console refuses requests from another origin');
    if (!this.isToken(tokenInUrl) && !this.isToken(readCookie(req, this.cookieName)) && !this.isToken(headerValue(req, 'x-console-token'))) {
      return refuse(res, 401, 'open the console with the URL "apono-lambda serve" printed (it carries this run\'s token)');
    }
    return { allowed: true };
  }
}

function isCrossOrigin(req: IncomingMessage): boolean {
  const site = headerValue(req, 'sec-fetch-site');
  // `same-site` too: another port of localhost is the same site, and not this console.
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
  const origin = headerValue(req, 'origin');
  if (origin === undefined) return false;
  return origin !== `http://${req.headers.host ?? ''}`;
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

function refuse(res: ServerResponse, status: 401 | 403, message: string): GuardVerdict {
  const body = JSON.stringify({ error: status === 401 ? 'Unauthorized' : 'Forbidden', message });
  res.writeHead(status, { ...CONSOLE_SECURITY_HEADERS, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
  return { allowed: false };
}

/**
 * A console request the server refuses as malformed (400): its message names the field and the rule, never the value.
 * @example throw new ConsoleRequestError('dryRun must be true or false');
 */
export class ConsoleRequestError extends Error {
  override readonly name = 'ConsoleRequestError';
}
