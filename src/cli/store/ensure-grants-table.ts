import { createGrantTable } from '../../grants/dynamodb';
import { CliDefaults } from '../constants';

/**
 * The client configuration for the embedded dynalite: its endpoint and fixed
 * fake credentials (dynalite does not check them; the SDK needs some to sign),
 * so the user's AWS profile never matters for local bookkeeping.
 *
 * @example
 * ```ts
 * new DynamoDbGrantStore({ tableName, clientConfig: localDynamoDbClientConfig(db.endpoint) });
 * ```
 */
export function localDynamoDbClientConfig(endpoint: string): {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
} {
  return { endpoint, region: CliDefaults.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
}

/**
 * Creates the grants table on a local DynamoDB endpoint when it is missing,
 * with the production schema (`createGrantTable`).
 *
 * @example
 * ```ts
 * await ensureGrantsTable(db.endpoint, 'apono-grants');
 * ```
 */
export async function ensureGrantsTable(endpoint: string, tableName: string): Promise<void> {
  await createGrantTable(localDynamoDbClientConfig(endpoint), tableName, { maxWaitMs: 10_000 });
}
