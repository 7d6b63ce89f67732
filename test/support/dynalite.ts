/**
 * A real DynamoDB-API server for tests: dynalite, in memory (or on disk), on a
 * free port of 127.0.0.1. No AWS account, no network beyond loopback. It is the
 * CLI's own loader, taught `ReturnValuesOnConditionCheckFailure` as DynamoDB does
 * it (see `loadDynalite`), so tests see DynamoDB's request counts.
 */
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { loadDynalite } from '../../src/cli/store/embedded-dynalite';

export { emulateReturnValuesOnConditionCheckFailure } from '../../src/cli/store/embedded-dynalite';

/** A running dynalite server. */
export interface LocalDynamo {
  endpoint: string;
  /** A new client for this server (destroyed by `stop`). */
  client(): DynamoDBClient;
  /** Stops the server and destroys the clients made by `client()`. */
  stop(): Promise<void>;
}

/** Starts dynalite on 127.0.0.1 and a free port, in memory unless `path` is given. */
export async function startDynalite(options: { path?: string } = {}): Promise<LocalDynamo> {
  const server = loadDynalite()({ path: options.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients: DynamoDBClient[] = [];
  return {
    endpoint,
    client() {
      const client = new DynamoDBClient({
        endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
      });
      clients.push(client);
      return client;
    },
    async stop() {
      for (const client of clients) client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

/** Counts the commands a client sends, by command name. */
export function countCommands(client: DynamoDBClient): { counts: Map<string, number>; reset(): void; total(names: string[]): number } {
  const counts = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'countCommandsForTests' },
  );
  return {
    counts,
    reset: () => counts.clear(),
    total: (names) => names.reduce((sum, name) => sum + (counts.get(name) ?? 0), 0),
  };
}
