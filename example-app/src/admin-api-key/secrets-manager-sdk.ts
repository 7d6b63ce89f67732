import type {
  GetSecretValueCommand,
  GetSecretValueCommandOutput,
  SecretsManagerClientConfig,
} from '@aws-sdk/client-secrets-manager';
import type { InjectionToken } from 'tsyringe';

/** What the key source needs from a Secrets Manager client: sending GetSecretValue. */
export interface SecretsManagerSender {
  send(command: GetSecretValueCommand, options?: { abortSignal?: AbortSignal }): Promise<GetSecretValueCommandOutput>;
}

/** The part of `@aws-sdk/client-secrets-manager` the key source uses. */
export interface SecretsManagerSdk {
  client: SecretsManagerSender;
  GetSecretValueCommand: typeof GetSecretValueCommand;
}

/** Loads the SDK and builds its client; called on the first read of a secret, never at module load. */
export type SecretsManagerSdkLoader = () => Promise<SecretsManagerSdk>;

/**
 * The injection token of the {@link SecretsManagerSdkLoader} (tests inject one with a fake client).
 *
 * @example
 * ```ts
 * providers: [{ token: SECRETS_MANAGER_SDK_LOADER, useValue: secretsManagerSdkLoader({ region: 'eu-west-1' }) }]
 * ```
 */
export const SECRETS_MANAGER_SDK_LOADER: InjectionToken<SecretsManagerSdkLoader> = Symbol.for('example-app.SecretsManagerSdkLoader');

/**
 * A loader that imports `@aws-sdk/client-secrets-manager` with a dynamic
 * `import()` when called. The SDK costs 100+ ms of cold start, so nothing loads
 * it until the portal is first called, and `apono-lambda build` puts it in
 * `chunks/` instead of the entry file. The client takes its region and
 * credentials from the Lambda environment unless `config` says otherwise.
 *
 * @example
 * ```ts
 * const load = secretsManagerSdkLoader({ region: 'eu-west-1' });
 * const { client, GetSecretValueCommand } = await load();
 * ```
 */
export function secretsManagerSdkLoader(config: SecretsManagerClientConfig = {}): SecretsManagerSdkLoader {
  return async () => {
    const sdk = await import('@aws-sdk/client-secrets-manager');
    return { client: new sdk.SecretsManagerClient(config), GetSecretValueCommand: sdk.GetSecretValueCommand };
  };
}
