/**
 * Which transport a DynamoDbGrantStore uses: the SDK-free one with what Lambda
 * puts in the environment (region, endpoint and credentials resolved as the AWS
 * SDK resolves them), the AWS SDK for a `client`, for credentials that need its
 * provider chain, or for options only it understands. And on the SDK-free path
 * the SDK is never loaded, checked in a fresh node process's require.cache.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createGrantTable } from '../../src/grants/dynamodb';
import { chooseJsonTransport, JsonDynamoDbTransport } from '../../src/grants/dynamodb/json-transport';
import { openTransport, SdkDynamoDbTransport } from '../../src/grants/dynamodb/transport';
import { REPO_ROOT, runNode } from '../support/cli-process';
import { type LocalDynamo, startDynalite } from '../support/dynalite';

/** What Lambda sets in a function's environment (the parts the transport reads). */
const LAMBDA_ENV = {
  AWS_REGION: 'eu-west-1',
  AWS_DEFAULT_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'secret-example',
  AWS_SESSION_TOKEN: 'token-example',
};

const configOf = (clientConfig: object | undefined, env: NodeJS.ProcessEnv) => {
  const choice = chooseJsonTransport(clientConfig, env);
  if (!('config' in choice)) throw new Error(`expected the SDK-free transport, got the SDK because ${choice.sdkBecause}`);
  return choice.config;
};
const sdkReason = (clientConfig: object | undefined, env: NodeJS.ProcessEnv) => {
  const choice = chooseJsonTransport(clientConfig, env);
  return 'sdkBecause' in choice ? choice.sdkBecause : undefined;
};

describe('the SDK-free transport from the Lambda environment', () => {
  it('takes the region, the credentials with their session token, DynamoDB\'s regional endpoint and 3 attempts', () => {
    // Act
    const config = configOf(undefined, LAMBDA_ENV);
    // Assess
    expect(config).toEqual({
      endpoint: new URL('https://dynamodb.eu-west-1.amazonaws.com'),
      region: 'eu-west-1',
      credentials: { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret-example', sessionToken: 'token-example' },
      maxAttempts: 3,
    });
  });

  it('reads AWS_DEFAULT_REGION when AWS_REGION is not set, and clientConfig.region before both', () => {
    // Prepare
    const { AWS_REGION: _unset, ...env } = LAMBDA_ENV;
    // Act / Assess
    expect(configOf(undefined, { ...env, AWS_DEFAULT_REGION: 'us-west-2' }).region).toBe('us-west-2');
    expect(configOf({ region: 'ap-south-1' }, LAMBDA_ENV)).toMatchObject({ region: 'ap-south-1', endpoint: new URL('https://dynamodb.ap-south-1.amazonaws.com') });
  });

  it('names the endpoints of the China and GovCloud partitions', () => {
    // Act / Assess
    expect(configOf({ region: 'cn-north-1' }, LAMBDA_ENV).endpoint.href).toBe('https://dynamodb.cn-north-1.amazonaws.com.cn/');
    expect(configOf({ region: 'us-gov-west-1' }, LAMBDA_ENV).endpoint.href).toBe('https://dynamodb.us-gov-west-1.amazonaws.com/');
  });

  it('takes the endpoint from clientConfig, else AWS_ENDPOINT_URL_DYNAMODB, else AWS_ENDPOINT_URL', () => {
    // Prepare
    const env = { ...LAMBDA_ENV, AWS_ENDPOINT_URL: 'http://127.0.0.1:1111', AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:2222' };
    // Act / Assess
    expect(configOf({ endpoint: 'http://127.0.0.1:3333' }, env).endpoint.href).toBe('http://127.0.0.1:3333/');
    expect(configOf(undefined, env).endpoint.href).toBe('http://127.0.0.1:2222/');
    expect(configOf(undefined, { ...LAMBDA_ENV, AWS_ENDPOINT_URL: 'http://127.0.0.1:1111' }).endpoint.href).toBe('http://127.0.0.1:1111/');
  });

  it('ignores the configured endpoints under AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true, as the SDK does', () => {
    // Act
    const config = configOf(undefined, { ...LAMBDA_ENV, AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:2222', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' });
    // Assess
    expect(config.endpoint.href).toBe('https://dynamodb.eu-west-1.amazonaws.com/');
  });

  it('takes static credentials and maxAttempts from clientConfig, and AWS_MAX_ATTEMPTS from the environment', () => {
    // Act
    const fromConfig = configOf({ credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 5 }, LAMBDA_ENV);
    const fromEnv = configOf(undefined, { ...LAMBDA_ENV, AWS_MAX_ATTEMPTS: '4' });
    // Assess
    expect(fromConfig).toMatchObject({ credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 5 });
    expect(fromConfig.credentials).not.toHaveProperty('sessionToken');
    expect(fromEnv.maxAttempts).toBe(4);
  });
});

describe('the AWS SDK instead', () => {
  it.each([
    ['no credentials in the environment (a profile, SSO, IMDS or container credentials)', undefined, { AWS_REGION: 'eu-west-1', AWS_PROFILE: 'dev' }, 'no credentials in the environment'],
    ['a credentials provider', { credentials: async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }) }, LAMBDA_ENV, 'clientConfig.credentials is a provider'],
    ['an option only the SDK has (logger)', { logger: console }, LAMBDA_ENV, 'clientConfig.logger is for the AWS SDK'],
    ['an endpoint provider', { endpoint: async () => ({ url: new URL('http://x') }) }, LAMBDA_ENV, 'clientConfig.endpoint is not an http(s) URL'],
    ['FIPS endpoints', undefined, { ...LAMBDA_ENV, AWS_USE_FIPS_ENDPOINT: 'true' }, 'FIPS or dual-stack endpoints'],
    ['adaptive retries', undefined, { ...LAMBDA_ENV, AWS_RETRY_MODE: 'adaptive' }, 'AWS_RETRY_MODE=adaptive'],
    ['no region', undefined, { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' }, 'no region, or a region provider'],
    ['a partition without a known endpoint', { region: 'us-iso-east-1' }, LAMBDA_ENV, 'region us-iso-east-1 is outside the aws, aws-us-gov and aws-cn partitions'],
    ['a maxAttempts provider', { maxAttempts: async () => 5 }, LAMBDA_ENV, 'clientConfig.maxAttempts is a provider'],
    ['an AWS_MAX_ATTEMPTS that is not a positive integer', undefined, { ...LAMBDA_ENV, AWS_MAX_ATTEMPTS: 'three' }, 'maxAttempts is not a positive integer'],
  ])('for %s', (_case, clientConfig, env, reason) => {
    // Act / Assess
    expect(sdkReason(clientConfig, env)).toBe(reason);
  });

  it('openTransport: the SDK for a client passed, even with credentials in the environment', async () => {
    // Prepare
    const client = new DynamoDBClient({ region: 'eu-west-1' });
    // Act
    const transport = await openTransport({ client }, LAMBDA_ENV);
    // Assess
    expect(transport).toBeInstanceOf(SdkDynamoDbTransport);
    client.destroy();
  });

  it('openTransport: the SDK when the environment holds no credentials, the SDK-free transport when it does', async () => {
    // Act
    const withoutCredentials = await openTransport({}, { AWS_REGION: 'eu-west-1' });
    const inLambda = await openTransport({}, LAMBDA_ENV);
    // Assess
    expect(withoutCredentials).toBeInstanceOf(SdkDynamoDbTransport);
    expect(inLambda).toBeInstanceOf(JsonDynamoDbTransport);
  });
});

/** In a fresh node (TypeScript through tsx): a grant's two writes and a read, then whether require.cache holds the SDK. */
const GRANT_THEN_REPORT = `
const { DynamoDbGrantStore } = require(${JSON.stringify(path.join(REPO_ROOT, 'src/grants/dynamodb'))});
const { GrantLedger } = require(${JSON.stringify(path.join(REPO_ROOT, 'src/grants/grant-ledger'))});
const clientConfig = process.env.USE_PROVIDER === '1' ? { credentials: async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }) } : undefined;
const store = new DynamoDbGrantStore({ tableName: process.env.GRANTS_TABLE, clientConfig });
const intent = { grantId: 'g-1', username: 'dana@example.com', resourceType: 'project', resources: ['r-1'], permission: 'reader' };
const now = () => Date.now();
new GrantLedger(store, { now }).grant(intent, { owner: 'req-1', expiresAtMs: Date.now() + 30000 }, async () => ({ data: { id: 'm-1' } }))
  .then(() => store.get('g-1'))
  .then((record) => {
    const sdkLoaded = Object.keys(require.cache).some((file) => file.includes('@aws-sdk' + path.sep + 'client-dynamodb'));
    process.stdout.write(JSON.stringify({ status: record.status, sdkLoaded }));
  })
  .catch((err) => { console.error(err); process.exit(1); });
`;

describe('the SDK-free path in a fresh process', () => {
  let dynamo: LocalDynamo;
  beforeAll(async () => {
    dynamo = await startDynalite();
  });
  afterAll(async () => {
    await dynamo.stop();
  });
  const grantInFreshProcess = async (extraEnv: Record<string, string>) => {
    const tableName = `grants-${randomUUID()}`;
    await createGrantTable(dynamo.client(), tableName);
    const env = { PATH: process.env.PATH, AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint, AWS_REGION: 'us-east-1', GRANTS_TABLE: tableName, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...extraEnv };
    const run = await runNode(['--import', 'tsx', '-e', `const path = require('node:path');${GRANT_THEN_REPORT}`], { env, cwd: REPO_ROOT });
    if (run.code !== 0) throw new Error(run.stderr);
    return JSON.parse(run.stdout) as { status: string; sdkLoaded: boolean };
  };

  it('a grant with credentials in the environment never loads @aws-sdk/client-dynamodb', async () => {
    // Act
    const outcome = await grantInFreshProcess({ AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_SESSION_TOKEN: 'token' });
    // Assess
    expect(outcome).toEqual({ status: 'GRANTED', sdkLoaded: false });
  }, 20_000);

  it('the same grant on the SDK path does load it (what the check above would see)', async () => {
    // Act
    const outcome = await grantInFreshProcess({ USE_PROVIDER: '1' });
    // Assess
    expect(outcome).toEqual({ status: 'GRANTED', sdkLoaded: true });
  }, 20_000);
});
