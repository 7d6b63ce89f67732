import type { DynamoDBClient, DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { chooseJsonTransport } from './json-transport-config';
import type { DynamoDbTransport } from './transport';

/**
 * The transport of a `DynamoDbGrantStore`, made on its first call: the SDK-free
 * one (`json-transport.ts`) when no `client` is given and `clientConfig` and the
 * environment hold only what it understands (`chooseJsonTransport`), which is the
 * case inside Lambda; otherwise the AWS SDK. Each is loaded with `import()` only
 * when chosen, so a bundle splits them out of its cold-start entry and the SDK is
 * never loaded on the SDK-free path.
 *
 * @example
 * ```ts
 * const transport = await openTransport({ clientConfig: { region: 'eu-west-1' } });
 * ```
 */
export async function openTransport(
  options: { client?: DynamoDBClient; clientConfig?: DynamoDBClientConfig },
  env: NodeJS.ProcessEnv = process.env,
): Promise<DynamoDbTransport> {
  if (options.client === undefined) {
    const choice = chooseJsonTransport(options.clientConfig, env);
    if ('config' in choice) {
      const { JsonDynamoDbTransport } = await import('./json-transport');
      return new JsonDynamoDbTransport(choice.config);
    }
  }
  const { SdkDynamoDbTransport } = await import('./sdk-transport');
  return new SdkDynamoDbTransport(options.client, options.clientConfig);
}
