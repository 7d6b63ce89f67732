import { inject, injectable } from 'tsyringe';
import type { AdminApiKeySource } from './admin-api-key-source';
import { ADMIN_API_KEY_ENVIRONMENT, AdminApiKeyVariables, type EnvironmentVariables } from './admin-api-key-environment';
import { localAdminApiKey } from './local-admin-api-key';
import { readAdminApiKeySecret } from './read-admin-api-key-secret';
import { SECRETS_MANAGER_SDK_LOADER, type SecretsManagerSdk, type SecretsManagerSdkLoader } from './secrets-manager-sdk';

/**
 * The admin key, read once per instance (a cold start) and kept: from the
 * Secrets Manager secret `PORTAL_ADMIN_API_KEY_SECRET_ARN` names when it is set
 * (the SDK loaded on that first read), else {@link localAdminApiKey}. A failed
 * read is not kept, so the next invocation tries again (after an IAM fix, say)
 * without waiting for a new instance. Register it as a singleton.
 *
 * @example
 * ```ts
 * providers: [{ token: ADMIN_API_KEY_SOURCE, useClass: CachedAdminApiKeySource }]
 * ```
 */
@injectable()
export class CachedAdminApiKeySource implements AdminApiKeySource {
  private key?: Promise<string>;
  private sdk?: Promise<SecretsManagerSdk>;

  constructor(
    @inject(ADMIN_API_KEY_ENVIRONMENT) private readonly environment: EnvironmentVariables,
    @inject(SECRETS_MANAGER_SDK_LOADER) private readonly loadSdk: SecretsManagerSdkLoader,
  ) {}

  /**
   * Concurrent callers share one read. (Lambda runs one invocation at a time
   * per instance, so the first caller's `signal` is the one that matters.)
   */
  get(signal?: AbortSignal): Promise<string> {
    this.key ??= this.read(signal).catch((err: unknown) => {
      this.key = undefined;
      throw err;
    });
    return this.key;
  }

  private async read(signal?: AbortSignal): Promise<string> {
    const secretArn = this.environment[AdminApiKeyVariables.secretArn];
    if (!secretArn) return localAdminApiKey(this.environment);
    return readAdminApiKeySecret(await this.secretsManager(), secretArn, signal);
  }

  private secretsManager(): Promise<SecretsManagerSdk> {
    this.sdk ??= this.loadSdk().catch((err: unknown) => {
      this.sdk = undefined;
      throw err;
    });
    return this.sdk;
  }
}
