import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CliDefaults } from '../constants';
import { loadDynalite } from './load-dynalite';

/** Where and how to run the embedded DynamoDB-compatible server. */
export interface EmbeddedDynaliteOptions {
  /** The LevelDB folder holding the data; in memory when omitted. */
  dataPath?: string;
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
}

/** A running embedded dynalite. */
export interface EmbeddedDynalite {
  /** `http://127.0.0.1:port`: the DynamoDB endpoint. */
  endpoint: string;
  port: number;
  dataPath?: string;
  close(): Promise<void>;
}

interface LevelDatabase {
  open(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts `dynalite` (DynamoDB's API over LevelDB) on loopback, so local runs
 * use the production `DynamoDbGrantStore` code. Tables become ACTIVE at once.
 *
 * LevelDB allows one process per folder, and dynalite crashes its process when
 * the folder is taken, so the folder's lock is checked first and a clear error
 * names the cause.
 *
 * @example
 * ```ts
 * const db = await startEmbeddedDynalite({ dataPath: '.data/dynalite' });
 * process.env.AWS_ENDPOINT_URL_DYNAMODB = db.endpoint;
 * await db.close();
 * ```
 */
export async function startEmbeddedDynalite(options: EmbeddedDynaliteOptions = {}): Promise<EmbeddedDynalite> {
  const dataPath = options.dataPath === undefined ? undefined : path.resolve(options.dataPath);
  const dynalite = loadDynalite();
  if (dataPath !== undefined) {
    mkdirSync(dataPath, { recursive: true });
    await assertDataPathFree(dataPath);
  }
  const server = dynalite({ path: dataPath, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? CliDefaults.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://${options.host ?? CliDefaults.host}:${port}`,
    port,
    dataPath,
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((err?: Error) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

async function assertDataPathFree(dataPath: string): Promise<void> {
  const levelPath = require.resolve('level', { paths: [path.dirname(require.resolve('dynalite'))] });
  const { Level } = require(levelPath) as { Level: new (location: string) => LevelDatabase };
  const probe = new Level(dataPath);
  try {
    await probe.open();
  } catch (err) {
    const code = (err as { cause?: { code?: unknown } }).cause?.code;
    if (code === 'LEVEL_LOCKED') {
      throw new Error(`the data folder ${dataPath} is in use by another process (a running "apono-lambda serve"?)`);
    }
    throw new Error(`cannot open the data folder ${dataPath}: ${(err as Error).message}`);
  }
  await probe.close();
}
