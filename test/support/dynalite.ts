/**
 * A real DynamoDB-API server for tests: dynalite, in memory (or on disk), on a
 * free port of 127.0.0.1. No AWS account, no network beyond loopback.
 *
 * dynalite predates `ReturnValuesOnConditionCheckFailure`; {@link startDynalite}
 * teaches it that parameter the way DynamoDB implements it (the failing item is
 * returned in the ConditionalCheckFailedException, read under the same item lock
 * as the condition check), so tests see DynamoDB's request counts. Turn it off
 * with {@link emulateReturnValuesOnConditionCheckFailure} to test a server without it.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

interface DynaliteOptions {
  path?: string;
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}
type DynaliteFactory = (options?: DynaliteOptions) => Server;
type ConditionCheck = (data: Record<string, unknown>, existingItem: unknown) => { body: Record<string, unknown> } | null | undefined;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as DynaliteFactory;

/** Whether the emulation is on, for the servers of this process. */
let returnItemOnConditionFailure = true;
let patched = false;

/** Patches dynalite's validator (to keep the parameter) and its condition check (to attach the item). */
function patchDynalite(): void {
  if (patched) return;
  patched = true;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const updateItemValidation = require('dynalite/validations/updateItem') as { types: Record<string, unknown> };
  const db = require('dynalite/db') as { checkConditional: ConditionCheck };
  /* eslint-enable @typescript-eslint/no-require-imports */
  updateItemValidation.types.ReturnValuesOnConditionCheckFailure = { type: 'String', enum: ['ALL_OLD', 'NONE'] };
  const checkConditional = db.checkConditional;
  db.checkConditional = (data, existingItem) => {
    const failure = checkConditional(data, existingItem);
    if (
      failure &&
      returnItemOnConditionFailure &&
      existingItem !== undefined &&
      data.ReturnValuesOnConditionCheckFailure === 'ALL_OLD'
    ) {
      failure.body.Item = existingItem;
    }
    return failure;
  };
}

/** A running dynalite server. */
export interface LocalDynamo {
  endpoint: string;
  /** A new client for this server (destroyed by `stop`). */
  client(): DynamoDBClient;
  /** Stops the server and destroys the clients made by `client()`. */
  stop(): Promise<void>;
}

/**
 * Turns the `ReturnValuesOnConditionCheckFailure` emulation off (to test a server
 * without it) or back on, for every dynalite server of this test file.
 */
export function emulateReturnValuesOnConditionCheckFailure(enabled: boolean): void {
  returnItemOnConditionFailure = enabled;
}

/** Starts dynalite on 127.0.0.1 and a free port, in memory unless `path` is given. */
export async function startDynalite(options: { path?: string } = {}): Promise<LocalDynamo> {
  patchDynalite();
  const server = dynalite({ path: options.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
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
