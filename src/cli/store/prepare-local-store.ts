import path from 'node:path';
import { MemoryGrantStore } from '../../grants/memory-grant-store';
import { CliDefaults, type StoreKind } from '../constants';
import { startEmbeddedDynalite } from './embedded-dynalite';
import { ensureGrantsTable } from './ensure-grants-table';
import { applyLocalDynamoDbEnvironment, installLocalStoreOverride } from './local-store-environment';
import { readServeState } from './serve-state-file';

/** Which local grant store a run uses. */
export interface LocalStoreOptions {
  store?: StoreKind;
  /** Holds `dynalite/` (the embedded store's data) and `serve.json`. */
  dataDir?: string;
  /** Defaults to `$GRANTS_TABLE`, then `apono-grants`. */
  tableName?: string;
}

/** A prepared local store. */
export interface PreparedLocalStore {
  store: StoreKind;
  dataDir: string;
  dynamodbEndpoint?: string;
  tableName?: string;
  /** True when this process started the embedded dynalite (false when it reuses a running `serve`'s). */
  ownsDynalite: boolean;
  /** Stops what was started and restores the environment. */
  close(): Promise<void>;
}

/**
 * Prepares the grant store BEFORE the handler module loads:
 *
 * - `dynamodb`: the embedded dynalite on `<dataDir>/dynalite` (or the one of a
 *   `serve` already running on that folder), the grants table created if
 *   missing, and `AWS_ENDPOINT_URL_DYNAMODB` / `GRANTS_TABLE` set so that the
 *   module's own `new DynamoDbGrantStore({ tableName: process.env.GRANTS_TABLE })`
 *   runs the production store code against it;
 * - `memory`: a fresh MemoryGrantStore that `bootstrap()` uses instead of the configured one;
 * - `module`: nothing; the module's store is used as configured (real AWS).
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
