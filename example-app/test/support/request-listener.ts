import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request a listener saw. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** A listener on 127.0.0.1 that records every request it receives. */
export interface RequestListener {
  url: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

/**
 * Starts a listener on 127.0.0.1 (a free port) that records each request and
 * answers it with `respond` (by default 200 `[]`). Tests use it as the place a
 * key must never reach; always `close()` it.
 *
 * @example
 * ```ts
 * const listener = await startRequestListener();
 * // … point something at listener.url …
 * expect(listener.seen).toEqual([]);
 * await listener.close();
 * ```
 */
export async function startRequestListener(respond: (res: ServerResponse) => void = answerEmptyList): Promise<RequestListener> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    respond(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function answerEmptyList(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('[]');
}
