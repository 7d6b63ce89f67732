/**
 * A DynamoDB endpoint with faults on demand, for the SDK-free transport's tests:
 * an HTTP proxy on 127.0.0.1 in front of a real DynamoDB-API server (dynalite),
 * which records every request and answers the next ones as scripted (an error
 * status, a reset connection, no answer at all, or the real answer lost after the
 * server applied the request) before passing requests through again.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does with one request. */
export type Fault =
  | { kind: 'status'; status: number; type?: string; message?: string }
  | { kind: 'reset' }
  | { kind: 'lose-response' }
  /** The connection stays open and nothing comes back (a stale socket, a black-holed route). */
  | { kind: 'silent' };

/** One request as the proxy received it. */
export interface RecordedRequest {
  operation: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A running proxy. */
export interface FaultProxy {
  endpoint: string;
  readonly requests: RecordedRequest[];
  /** Answers the next request (of `operations`, when given) with `fault`; faults queue in order. */
  arm(fault: Fault, operations?: readonly string[]): void;
  /** Requests of these operations received so far. */
  count(operations: readonly string[]): number;
  stop(): Promise<void>;
}

/** DynamoDB's error body for a status fault. */
function errorBody(fault: Extract<Fault, { kind: 'status' }>): string {
  if (fault.type === '') return '<html>Service Unavailable</html>'; // a load balancer's page, not DynamoDB's JSON
  return JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${fault.type ?? 'InternalServerError'}`, message: fault.message ?? 'injected' });
}

/** Starts the proxy in front of `target` (an http:// endpoint). */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const requests: RecordedRequest[] = [];
  const armed: { fault: Fault; operations?: readonly string[] }[] = [];
  const takeFault = (operation: string): Fault | undefined => {
    const index = armed.findIndex((entry) => entry.operations === undefined || entry.operations.includes(operation));
    return index < 0 ? undefined : armed.splice(index, 1)[0]?.fault;
  };
  const forward = (req: http.IncomingMessage, body: Buffer): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const out = http.request(
        { hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 500, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const operation = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
      requests.push({ operation, headers: req.headers, body: body.toString('utf8') });
      const fault = takeFault(operation);
      if (fault?.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'silent') return; // stop() closes it
      if (fault?.kind === 'status') {
        res.writeHead(fault.status, { 'content-type': 'application/x-amz-json-1.0' }).end(errorBody(fault));
        return;
      }
      try {
        const answer = await forward(req, body);
        if (fault?.kind === 'lose-response') {
          req.socket.destroy(); // the server applied the request; its answer never comes back
          return;
        }
        res.writeHead(answer.status, answer.headers).end(answer.body);
      } catch {
        res.writeHead(502).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    arm: (fault, operations) => {
      armed.push({ fault, operations });
    },
    count: (operations) => requests.filter((r) => operations.includes(r.operation)).length,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
