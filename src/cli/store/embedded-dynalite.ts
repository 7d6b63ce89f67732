import path from 'node:path';
import type { Server } from 'node:http';
import { createGrantTable } from '../../grants/dynamodb/index';
import { CliDefaults } from '../constants';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

/** dynalite's options (it ships no types). */
export interface DynaliteOptions {
  path?: string;
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}

/** dynalite's factory: an http.Server speaking DynamoDB's API. */
export type DynaliteFactory = (options?: DynaliteOptions) => Server;

type ConditionCheck = (data: Record<string, unknown>, existingItem: unknown) => { body: Record<string, unknown> } | null | undefined;

let returnItemOnConditionFailure = true;
let loaded: DynaliteFactory | undefined;

/**
 * Turns the ALL_OLD emulation of {@link loadDynalite} off (to test the fallback) or back on.
 * @example emulateReturnValuesOnConditionCheckFailure(false);
 */
export function emulateReturnValuesOnConditionCheckFailure(enabled: boolean): void {
  returnItemOnConditionFailure = enabled;
}

/**
 * Loads dynalite, taught `ReturnValuesOnConditionCheckFailure: ALL_OLD`. See docs/architecture.md#embedded-dynalite.
 * @example loadDynalite()({ path: '.data/dynalite' }).listen(0, '127.0.0.1');
 */
export function loadDynalite(): DynaliteFactory {
  if (loaded !== undefined) return loaded;
  let factory: DynaliteFactory;
  try {
    factory = require('dynalite') as DynaliteFactory;
  } catch {
    throw new Error('the embedded local store needs the "dynalite" package: npm install --save-dev dynalite (or pass --store memory)');
  }
  const validations = ['updateItem', 'putItem'].map((action) => require(`dynalite/validations/${action}`) as { types: Record<string, unknown> });
  const db = require('dynalite/db') as { checkConditional: ConditionCheck };
  for (const validation of validations) validation.types.ReturnValuesOnConditionCheckFailure = { type: 'String', enum: ['ALL_OLD', 'NONE'] };
  const checkConditional = db.checkConditional;
  db.checkConditional = (data, existingItem) => {
    const failure = checkConditional(data, existingItem);
    if (failure && returnItemOnConditionFailure && existingItem !== undefined && data.ReturnValuesOnConditionCheckFailure === 'ALL_OLD') {
      failure.body.Item = existingItem;
    }
    return failure;
  };
  loaded = factory;
  return factory;
}

/**
 * The embedded dynalite's client config: fixed fake credentials, so the user's AWS profile never matters.
 * @example new DynamoDbGrantStore({ tableName, clientConfig: localDynamoDbClientConfig(db.endpoint) });
 */
export function localDynamoDbClientConfig(endpoint: string): {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
} {
  return { endpoint, region: CliDefaults.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
}

/**
 * Creates the grants table on a local endpoint when it is missing.
 * @example await ensureGrantsTable(db.endpoint, 'apono-grants');
 */
export async function ensureGrantsTable(endpoint: string, tableName: string): Promise<void> {
  await createGrantTable(localDynamoDbClientConfig(endpoint), tableName, { maxWaitMs: 10_000 });
}

/** Where to run the embedded dynalite. */
export interface EmbeddedDynaliteOptions {
  /** The LevelDB folder; in memory when omitted. */
  dataPath?: string;
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
}

/** A running embedded dynalite. */
export interface EmbeddedDynalite {
  /** `http://<host>:<port>`. */
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
 * Starts dynalite on loopback; a data folder another process holds is a clear error, not a crash.
 * See docs/dynamodb-store.md#local-store.
 * @example const db = await startEmbeddedDynalite({ dataPath: '.data/dynalite' }); // db.endpoint: http://127.0.0.1:<port>
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
