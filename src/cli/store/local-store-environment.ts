import type { GrantStore } from '../../grants/grant-store';
import { getLocalStoreOverride, setLocalStoreOverride } from '../../bootstrap/store-choice';
import { applyFunctionEnvironment } from '../handler/function-environment';

/** What points an unmodified handler module's `DynamoDbGrantStore` at a local server. */
export interface LocalDynamoDbEnvironment {
  /** The DynamoDB endpoint (`AWS_ENDPOINT_URL_DYNAMODB`). */
  endpoint: string;
  /** The grants table (`GRANTS_TABLE`). */
  tableName: string;
  region: string;
}

/**
 * Sets the environment a production handler module reads, BEFORE it is loaded:
 * `AWS_ENDPOINT_URL_DYNAMODB` (the AWS SDK's service-specific endpoint
 * variable, so every DynamoDB client the module builds talks to the local
 * server), `GRANTS_TABLE`, `AWS_REGION` and, only when no credentials are
 * configured, fake static ones (dynalite does not check them, the SDK needs
 * some to sign). Other AWS clients of the module keep their real endpoints.
 * Returns a function that restores the previous values.
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
 * Installs a grant store that `bootstrap()` uses instead of the one in its
 * options, process-wide (`serve --store memory`). Returns a function that
 * removes it.
 *
 * @example
 * ```ts
 * const remove = installLocalStoreOverride(new MemoryGrantStore());
 * ```
 */
export function installLocalStoreOverride(store: GrantStore): () => void {
  const previous = getLocalStoreOverride();
  setLocalStoreOverride(store);
  return () => setLocalStoreOverride(previous);
}
