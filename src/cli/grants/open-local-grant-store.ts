import path from 'node:path';
import { existsSync } from 'node:fs';
import { DynamoDbGrantStore } from '../../grants/dynamodb';
import type { GrantStore } from '../../grants/grant-store';
import { CliDefaults } from '../constants';
import { localDynamoDbClientConfig, startEmbeddedDynalite } from '../store/embedded-dynalite';
import { readServeState } from '../store/prepare-local-store';

/** Which local ledger to read. */
export interface LocalGrantStoreOptions {
  dataDir?: string;
  /** Defaults to the running server's table, then `$GRANTS_TABLE`, then `apono-grants`. */
  tableName?: string;
}

/**
 * Runs `read` against the grant ledger a `serve` keeps in a data folder: through
 * the running server's dynalite when one is up (LevelDB allows one process per
 * folder), otherwise by starting dynalite on the folder for the read and
 * stopping it after.
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
