import path from 'node:path';
import type { GrantStore } from '../../grants/grant-store';
import { getLocalStoreOverride, setLocalStoreOverride } from '../../bootstrap/options';
import { applyFunctionEnvironment } from '../handler/env-file';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { MemoryGrantStore } from '../../grants/memory-grant-store';
import { CliDefaults, type StoreKind } from '../constants';
import { ensureGrantsTable, localDynamoDbClientConfig, startEmbeddedDynalite } from './embedded-dynalite';
import { DynamoDbGrantStore } from '../../grants/dynamodb';

/** What points an unmodified handler module's `DynamoDbGrantStore` at a local server. */
export interface LocalDynamoDbEnvironment {
  /** Set as `AWS_ENDPOINT_URL_DYNAMODB`. */
  endpoint: string;
  /** Set as `GRANTS_TABLE`. */
  tableName: string;
  region: string;
}

/**
 * Points a production handler module's DynamoDB clients at a local server; call it BEFORE the
 * module loads. Returns the restore. See docs/dynamodb-store.md#local-store.
 *
 * @example
 * ```ts
 * const restore = applyLocalDynamoDbEnvironment({ endpoint: db.endpoint, tableName: 'apono-grants', region: 'us-east-1' });
 * const handler = await loadHandler('src/handler.ts'); // new DynamoDbGrantStore({ tableName: process.env.GRANTS_TABLE! })
 * ```
 */
export function applyLocalDynamoDbEnvironment(env: LocalDynamoDbEnvironment): () => void {
  const wanted: Record<string, string> = {
    AWS_ENDPOINT_URL_DYNAMODB: env.endpoint,
    GRANTS_TABLE: env.tableName,
  };
  if (!process.env.AWS_REGION && !process.env.AWS_DEFAULT_REGION) wanted.AWS_REGION = env.region;
  if (!process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_PROFILE) {
    wanted.AWS_ACCESS_KEY_ID = 'local';
    wanted.AWS_SECRET_ACCESS_KEY = 'local';
  }
  return applyFunctionEnvironment(wanted);
}

/**
 * Installs a store that `bootstrap()` uses instead of its options' one, process-wide. Returns the removal.
 * @example const remove = installLocalStoreOverride(new MemoryGrantStore());
 */
export function installLocalStoreOverride(store: GrantStore): () => void {
  const previous = getLocalStoreOverride();
  setLocalStoreOverride(store);
  return () => setLocalStoreOverride(previous);
}

/** What a running `serve` publishes in its data folder, for `grants` to find its store. */
export interface ServeState {
  pid: number;
  dynamodbEndpoint: string;
  tableName: string;
  url: string;
  functionName: string;
}

const STATE_FILE = 'serve.json';

/**
 * Records a running `serve` in `<dataDir>/serve.json`, so `grants` can reach its dynalite.
 * @example const remove = writeServeState('.data', { pid: process.pid, dynamodbEndpoint, tableName, url, functionName });
 */
export function writeServeState(dataDir: string, state: ServeState): () => void {
  const file = path.join(dataDir, STATE_FILE);
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`);
  return () => {
    const current = readServeState(dataDir);
    if (current?.pid === state.pid) rmSync(file, { force: true });
  };
}

/**
 * The running `serve` of a data folder, if its process is still alive.
 * @example console.log(readServeState('.data')?.dynamodbEndpoint);
 */
export function readServeState(dataDir: string): ServeState | undefined {
  let state: ServeState;
  try {
    state = JSON.parse(readFileSync(path.join(dataDir, STATE_FILE), 'utf8')) as ServeState;
  } catch {
    return undefined;
  }
  return typeof state.pid === 'number' && isAlive(state.pid) ? state : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Which local grant store a run uses. */
export interface LocalStoreOptions {
  store?: StoreKind;
  /** Holds `dynalite/` (the embedded store's data) and `serve.json`. */
  dataDir?: string;
  /** Defaults to the running server's table, then `$GRANTS_TABLE`, then `apono-grants`. */
  tableName?: string;
}

/** A prepared local store. */
export interface PreparedLocalStore {
  store: StoreKind;
  dataDir: string;
  dynamodbEndpoint?: string;
  tableName?: string;
  /** False when it reuses a running `serve`'s dynalite. */
  ownsDynalite: boolean;
  close(): Promise<void>;
}

/**
 * Prepares the grant store (`dynamodb`, `memory` or `module`) BEFORE the handler module loads.
 * See docs/dynamodb-store.md#local-store.
 *
 * @example
 * ```ts
 * const store = await prepareLocalStore({ store: 'dynamodb', dataDir: '.data' });
 * const handler = await loadHandler('src/handler.ts');
 * await store.close();
 * ```
 */
export async function prepareLocalStore(options: LocalStoreOptions): Promise<PreparedLocalStore> {
  const store = options.store ?? CliDefaults.store;
  const dataDir = path.resolve(options.dataDir ?? CliDefaults.dataDir);
  const cleanups: Array<() => unknown> = [];
  const close = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    if (store === 'memory') {
      cleanups.push(installLocalStoreOverride(new MemoryGrantStore()));
      return { store, dataDir, ownsDynalite: false, close };
    }
    if (store === 'module') return { store, dataDir, ownsDynalite: false, close };
    const running = readServeState(dataDir);
    const tableName = options.tableName ?? running?.tableName ?? process.env.GRANTS_TABLE ?? CliDefaults.tableName;
    let endpoint = running?.dynamodbEndpoint;
    if (endpoint === undefined) {
      const dynalite = await startEmbeddedDynalite({ dataPath: path.join(dataDir, 'dynalite') });
      cleanups.push(() => dynalite.close());
      endpoint = dynalite.endpoint;
    }
    await ensureGrantsTable(endpoint, tableName);
    cleanups.push(applyLocalDynamoDbEnvironment({ endpoint, tableName, region: CliDefaults.region }));
    return { store, dataDir, dynamodbEndpoint: endpoint, tableName, ownsDynalite: running === undefined, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Which local ledger to read. */
export interface LocalGrantStoreOptions {
  dataDir?: string;
  /** Defaults to the running server's table, then `$GRANTS_TABLE`, then `apono-grants`. */
  tableName?: string;
}

/**
 * Runs `read` on a data folder's ledger, through a running `serve`'s dynalite (LevelDB allows one process) or its own.
 * @example const records = await withLocalGrantStore({ dataDir: '.data' }, (store) => store.list());
 */
export async function withLocalGrantStore<T>(options: LocalGrantStoreOptions, read: (store: GrantStore) => Promise<T>): Promise<T> {
  const dataDir = path.resolve(options.dataDir ?? CliDefaults.dataDir);
  const running = readServeState(dataDir);
  const tableName = options.tableName ?? running?.tableName ?? process.env.GRANTS_TABLE ?? CliDefaults.tableName;
  if (running) return readThrough(running.dynamodbEndpoint, tableName, read);
  const dataPath = path.join(dataDir, 'dynalite');
  if (!existsSync(dataPath)) throw new Error(`no local grant ledger in ${dataDir} (start "apono-lambda serve" first)`);
  const dynalite = await startEmbeddedDynalite({ dataPath });
  try {
    return await readThrough(dynalite.endpoint, tableName, read);
  } finally {
    await dynalite.close();
  }
}

async function readThrough<T>(endpoint: string, tableName: string, read: (store: GrantStore) => Promise<T>): Promise<T> {
  return read(new DynamoDbGrantStore({ tableName, clientConfig: localDynamoDbClientConfig(endpoint) }));
}
