import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The Content-Security-Policy of every console answer: the page's own script and
 * styles only, requests to itself only, no inline code, no framing, no forms
 * posting anywhere.
 */
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

/** Host names the console answers to: loopback only (a DNS-rebound name is refused). */
const LOOPBACK_HOST = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])(:\d+)?$/i;

/**
 * True for an address `serve` may open the console on: loopback only, since the
 * console can grant real access in a real system.
 *
 * @example
 * ```ts
 * isLoopbackHost('127.0.0.1'); // true
 * isLoopbackHost('0.0.0.0');   // false
 * ```
 */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Why the guard refused a request (the answer is already sent). */
export type GuardVerdict = { allowed: true } | { allowed: false };

/**
 * The per-run token of a console and the checks every console request passes:
 * a loopback `Host`, no foreign `Origin` or cross-site `Sec-Fetch-Site` (403),
 * and the token (401), from the cookie the page got when it was opened with
 * `?token=`, or from the `X-Console-Token` header (scripts).
 *
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
  /**
   * Per run: cookies ignore the port, so two consoles on one host (or a port
   * picked by the system, 0) would overwrite each other's under a fixed name.
   */
  readonly cookieName = `apono_console_${randomBytes(6).toString('hex')}`;

  /**
   * The `Set-Cookie` that keeps the token for the page's later requests:
   * HttpOnly (no script reads it), SameSite=Strict (no other site sends it).
   */
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

  /**
   * Checks a request; answers 403 or 401 itself when it is refused. `tokenInUrl`
   * lets the page's first load (`/?token=…`) in.
   */
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

/** True when the browser says the request comes from another origin. */
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
