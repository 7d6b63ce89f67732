import { GetSecretValueCommand, type GetSecretValueCommandOutput } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerSdkLoader } from '../../src/admin-api-key/secrets-manager-sdk';

/** What one fake GetSecretValue call answers: an output, or an error to throw. */
export type FakeAnswer = Partial<GetSecretValueCommandOutput> | Error;

/**
 * A stand-in for `@aws-sdk/client-secrets-manager`, injected through
 * SECRETS_MANAGER_SDK_LOADER (there is no local Secrets Manager). It uses the
 * SDK's real command class, so tests see the exact command the source sends,
 * and counts how often the SDK is loaded.
 *
 * @example
 * ```ts
 * const secretsManager = new FakeSecretsManager({ SecretString: 'key' });
 * providers: [{ token: SECRETS_MANAGER_SDK_LOADER, useValue: secretsManager.loader }]
 * ```
 */
export class FakeSecretsManager {
  readonly sent: GetSecretValueCommand[] = [];
  readonly signals: Array<AbortSignal | undefined> = [];
  loads = 0;
  private readonly answers: FakeAnswer[];

  /** Answers in turn; the last one repeats. */
  constructor(...answers: FakeAnswer[]) {
    this.answers = answers;
  }

  readonly loader: SecretsManagerSdkLoader = async () => {
    this.loads += 1;
    return {
      GetSecretValueCommand,
      client: {
        send: async (command, options) => {
          this.sent.push(command);
          this.signals.push(options?.abortSignal);
          const answer = this.answers.length > 1 ? this.answers.shift() : this.answers[0];
          if (answer instanceof Error) throw answer;
          return { $metadata: {}, ...answer };
        },
      },
    };
  };
}

/** An error shaped like the SDK's service exceptions (a name and the HTTP status in `$metadata`). */
export function serviceError(name: string, httpStatusCode: number): Error {
  return Object.assign(new Error(`${name} from the fake`), { name, $metadata: { httpStatusCode } });
}
