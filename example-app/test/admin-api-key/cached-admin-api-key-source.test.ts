import { container } from 'tsyringe';
import { ADMIN_API_KEY_ENVIRONMENT, type EnvironmentVariables } from '../../src/admin-api-key/admin-api-key-environment';
import { AdminApiKeyUnavailableError } from '../../src/admin-api-key/admin-api-key-error';
import { CachedAdminApiKeySource } from '../../src/admin-api-key/cached-admin-api-key-source';
import { DEV_ADMIN_API_KEY } from '../../src/admin-api-key/local-admin-api-key';
import { SECRETS_MANAGER_SDK_LOADER } from '../../src/admin-api-key/secrets-manager-sdk';
import { FakeSecretsManager, serviceError } from './fake-secrets-manager';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:apono/portal-admin-api-key-AbCdEf';
const SECRET_KEY = 'portal-admin-key-from-secrets-manager';

/** The source as the handler gets it: resolved through DI, with the environment and the SDK injected. */
function resolveSource(environment: EnvironmentVariables, secretsManager = new FakeSecretsManager()): CachedAdminApiKeySource {
  const scope = container.createChildContainer();
  scope.register(ADMIN_API_KEY_ENVIRONMENT, { useValue: environment });
  scope.register(SECRETS_MANAGER_SDK_LOADER, { useValue: secretsManager.loader });
  return scope.resolve(CachedAdminApiKeySource);
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(outcome instanceof Error)) throw new Error('expected a rejection');
  return outcome;
}

describe('CachedAdminApiKeySource with PORTAL_ADMIN_API_KEY_SECRET_ARN set', () => {
  const inLambda = { PORTAL_ADMIN_API_KEY_SECRET_ARN: SECRET_ARN, AWS_LAMBDA_FUNCTION_NAME: 'apono-portal-integration' };

  test('sends one GetSecretValueCommand({ SecretId: arn }) and answers its SecretString', async () => {
    // Prepare
    const secretsManager = new FakeSecretsManager({ SecretString: SECRET_KEY });
    const source = resolveSource(inLambda, secretsManager);

    // Act
    const key = await source.get();

    // Assess
    expect(key).toBe(SECRET_KEY);
    expect(secretsManager.sent).toHaveLength(1);
    expect(secretsManager.sent[0]!.input).toEqual({ SecretId: SECRET_ARN });
  });

  test('keeps the key for the instance: later calls neither load the SDK nor call Secrets Manager again', async () => {
    // Prepare
    const secretsManager = new FakeSecretsManager({ SecretString: SECRET_KEY });
    const source = resolveSource(inLambda, secretsManager);

    // Act
    const keys = [await source.get(), await source.get(), await source.get()];

    // Assess
    expect(keys).toEqual([SECRET_KEY, SECRET_KEY, SECRET_KEY]);
    expect(secretsManager.loads).toBe(1);
    expect(secretsManager.sent).toHaveLength(1);
  });

  test('does not load the SDK until the key is first asked for', () => {
    // Prepare
    const secretsManager = new FakeSecretsManager({ SecretString: SECRET_KEY });

    // Act
    resolveSource(inLambda, secretsManager);

    // Assess
    expect(secretsManager.loads).toBe(0);
  });

  test('uses the secret, not PORTAL_ADMIN_API_KEY, when both are set', async () => {
    // Prepare
    const source = resolveSource({ ...inLambda, PORTAL_ADMIN_API_KEY: 'stale-key-in-the-environment' }, new FakeSecretsManager({ SecretString: SECRET_KEY }));

    // Act
    const key = await source.get();

    // Assess
    expect(key).toBe(SECRET_KEY);
  });

  test('passes the caller’s abort signal to the SDK call', async () => {
    // Prepare
    const secretsManager = new FakeSecretsManager({ SecretString: SECRET_KEY });
    const signal = new AbortController().signal;

    // Act
    await resolveSource(inLambda, secretsManager).get(signal);

    // Assess
    expect(secretsManager.signals).toEqual([signal]);
  });

  test('drops the newline a secret written from a file ends with', async () => {
    // Prepare
    const source = resolveSource(inLambda, new FakeSecretsManager({ SecretString: `${SECRET_KEY}\n` }));

    // Act
    const key = await source.get();

    // Assess
    expect(key).toBe(SECRET_KEY);
  });

  test('does not keep a failed read: the next call asks Secrets Manager again', async () => {
    // Prepare
    const secretsManager = new FakeSecretsManager(serviceError('ThrottlingException', 400), { SecretString: SECRET_KEY });
    const source = resolveSource(inLambda, secretsManager);
    await failureOf(source.get());

    // Act
    const key = await source.get();

    // Assess
    expect(key).toBe(SECRET_KEY);
    expect(secretsManager.sent).toHaveLength(2);
  });

  test('a refused read fails with the ARN, the SDK error’s name and the permission to check', async () => {
    // Prepare
    const source = resolveSource(inLambda, new FakeSecretsManager(serviceError('AccessDeniedException', 400)));

    // Act
    const error = await failureOf(source.get());

    // Assess
    expect(error).toBeInstanceOf(AdminApiKeyUnavailableError);
    expect(error.message).toBe(
      `could not read the portal admin API key from the Secrets Manager secret ${SECRET_ARN}: AccessDeniedException (HTTP 400) ` +
        '(the role needs secretsmanager:GetSecretValue on it, and kms:Decrypt on its key if that is customer managed)',
    );
  });

  test('a secret without a SecretString (a binary secret) fails clearly', async () => {
    // Prepare
    const source = resolveSource(inLambda, new FakeSecretsManager({ SecretBinary: new Uint8Array([1, 2, 3]) }));

    // Act
    const error = await failureOf(source.get());

    // Assess
    expect(error.message).toBe(`the Secrets Manager secret ${SECRET_ARN} has no SecretString: store the portal admin API key in it as plain text`);
  });

  test('a key/value (JSON) secret fails without any of its value in the message', async () => {
    // Prepare
    const source = resolveSource(inLambda, new FakeSecretsManager({ SecretString: JSON.stringify({ adminApiKey: SECRET_KEY }) }));

    // Act
    const error = await failureOf(source.get());

    // Assess
    expect(error.message).toBe(
      `the Secrets Manager secret ${SECRET_ARN} holds JSON key/value pairs: store the portal admin API key alone, as plain text`,
    );
    expect(error.message).not.toContain(SECRET_KEY);
    expect(error.message).not.toContain('adminApiKey');
  });
});

describe('CachedAdminApiKeySource without a secret ARN (local runs)', () => {
  test('answers PORTAL_ADMIN_API_KEY and never loads the Secrets Manager SDK', async () => {
    // Prepare
    const secretsManager = new FakeSecretsManager({ SecretString: SECRET_KEY });
    const source = resolveSource({ PORTAL_ADMIN_API_KEY: 'key-from-the-environment' }, secretsManager);

    // Act
    const key = await source.get();

    // Assess
    expect(key).toBe('key-from-the-environment');
    expect(secretsManager.loads).toBe(0);
  });

  test('falls back to npm start’s development key when PORTAL_ADMIN_API_KEY is unset too', async () => {
    // Prepare
    const source = resolveSource({});

    // Act
    const key = await source.get();

    // Assess
    expect(key).toBe(DEV_ADMIN_API_KEY);
  });

  test('inside Lambda with no key configured, fails naming what to set, never using the development key', async () => {
    // Prepare
    const source = resolveSource({ AWS_LAMBDA_FUNCTION_NAME: 'apono-portal-integration' });

    // Act
    const error = await failureOf(source.get());

    // Assess
    expect(error).toBeInstanceOf(AdminApiKeyUnavailableError);
    expect(error.message).toBe(
      'the portal admin API key is not configured: set PORTAL_ADMIN_API_KEY_SECRET_ARN to the ARN of the Secrets Manager secret that holds it',
    );
  });
});
