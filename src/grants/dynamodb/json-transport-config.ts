/**
 * Whether `DynamoDbGrantStore` can talk to DynamoDB without the AWS SDK, and with
 * what: the region, endpoint, credentials and attempts it would use, read from
 * `clientConfig` and the environment as the SDK reads them. Whatever only the SDK
 * understands (a credentials provider, a profile, FIPS or dual-stack endpoints,
 * middleware, a request handler…) sends the store to the SDK instead.
 */

/** Static credentials (what Lambda puts in the environment). */
export interface StaticCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** What the SDK-free transport needs. */
export interface JsonTransportConfig {
  readonly endpoint: URL;
  readonly region: string;
  readonly credentials: StaticCredentials;
  /** Attempts per operation, the first included (the SDK's standard mode: 3). */
  readonly maxAttempts: number;
}

/** The SDK-free transport's config, or why the SDK is needed instead. */
export type JsonTransportChoice = { readonly config: JsonTransportConfig } | { readonly sdkBecause: string };

/** The `clientConfig` keys the SDK-free transport understands; any other set key needs the SDK. */
const UNDERSTOOD_KEYS: ReadonlySet<string> = new Set(['region', 'endpoint', 'credentials', 'maxAttempts']);

/** The SDK's standard retry mode: 3 attempts. */
export const DEFAULT_MAX_ATTEMPTS = 3;

/** Regions whose endpoint is `dynamodb.<region>.amazonaws.com` (aws, aws-us-gov) or `.amazonaws.com.cn` (aws-cn). */
const COMMERCIAL_REGION = /^(?:us|eu|ap|sa|ca|me|af|il|mx)-(?:gov-)?[a-z]+-\d{1,2}$/;
const CHINA_REGION = /^cn-[a-z]+-\d{1,2}$/;

function isTrue(value: string | undefined): boolean {
  return value?.toLowerCase() === 'true';
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function staticCredentials(value: unknown): StaticCredentials | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { accessKeyId, secretAccessKey, sessionToken } = value as Record<string, unknown>;
  if (typeof accessKeyId !== 'string' || accessKeyId === '' || typeof secretAccessKey !== 'string' || secretAccessKey === '') return undefined;
  if (sessionToken !== undefined && typeof sessionToken !== 'string') return undefined;
  return sessionToken === undefined || sessionToken === '' ? { accessKeyId, secretAccessKey } : { accessKeyId, secretAccessKey, sessionToken };
}

function httpUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string' && !(value instanceof URL)) return undefined;
  try {
    const url = new URL(String(value));
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function defaultEndpoint(region: string): URL | undefined {
  if (COMMERCIAL_REGION.test(region)) return new URL(`https://dynamodb.${region}.amazonaws.com`);
  if (CHINA_REGION.test(region)) return new URL(`https://dynamodb.${region}.amazonaws.com.cn`);
  return undefined;
}

/**
 * The SDK-free transport's config from the store's `clientConfig` and the
 * environment, or the reason the SDK must be used:
 *
 * - credentials: `clientConfig.credentials` when it is a plain object, else
 *   `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` (what Lambda
 *   sets); none there (profiles, SSO, IMDS, container credentials) needs the SDK's
 *   provider chain;
 * - region: `clientConfig.region`, else `AWS_REGION`, else `AWS_DEFAULT_REGION`;
 * - endpoint: `clientConfig.endpoint`, else `AWS_ENDPOINT_URL_DYNAMODB`, else
 *   `AWS_ENDPOINT_URL` (both skipped under `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`),
 *   else `https://dynamodb.<region>.amazonaws.com` (`.com.cn` in China; other
 *   partitions need the SDK's endpoint rules);
 * - attempts: `clientConfig.maxAttempts`, else `AWS_MAX_ATTEMPTS`, else 3.
 *
 * `AWS_USE_FIPS_ENDPOINT`, `AWS_USE_DUALSTACK_ENDPOINT` and `AWS_RETRY_MODE=adaptive`,
 * and any other `clientConfig` key, need the SDK.
 *
 * @example
 * ```ts
 * const choice = chooseJsonTransport({ region: 'eu-west-1' }, process.env);
 * if ('config' in choice) console.log(choice.config.endpoint.href); // https://dynamodb.eu-west-1.amazonaws.com/
 * ```
 */
export function chooseJsonTransport(clientConfig: object | undefined, env: NodeJS.ProcessEnv): JsonTransportChoice {
  const given = (clientConfig ?? {}) as Record<string, unknown>;
  const other = Object.keys(given).find((key) => given[key] !== undefined && !UNDERSTOOD_KEYS.has(key));
  if (other !== undefined) return { sdkBecause: `clientConfig.${other} is for the AWS SDK` };
  if (isTrue(env.AWS_USE_FIPS_ENDPOINT) || isTrue(env.AWS_USE_DUALSTACK_ENDPOINT)) return { sdkBecause: 'FIPS or dual-stack endpoints' };
  if (env.AWS_RETRY_MODE?.toLowerCase() === 'adaptive') return { sdkBecause: 'AWS_RETRY_MODE=adaptive' };

  let credentials: StaticCredentials | undefined;
  if (given.credentials !== undefined) {
    credentials = staticCredentials(given.credentials);
    if (credentials === undefined) return { sdkBecause: 'clientConfig.credentials is a provider' };
  } else {
    credentials = staticCredentials({ accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: nonEmpty(env.AWS_SESSION_TOKEN) });
    if (credentials === undefined) return { sdkBecause: 'no credentials in the environment' };
  }

  const region = given.region ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION);
  if (typeof region !== 'string' || !/^[a-z0-9-]+$/.test(region)) return { sdkBecause: 'no region, or a region provider' };

  let endpoint: URL | undefined;
  if (given.endpoint !== undefined) {
    endpoint = httpUrl(given.endpoint);
    if (endpoint === undefined) return { sdkBecause: 'clientConfig.endpoint is not an http(s) URL' };
  } else {
    const configured = isTrue(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS) ? undefined : nonEmpty(env.AWS_ENDPOINT_URL_DYNAMODB) ?? nonEmpty(env.AWS_ENDPOINT_URL);
    endpoint = configured === undefined ? defaultEndpoint(region) : httpUrl(configured);
    if (endpoint === undefined) return { sdkBecause: configured === undefined ? `region ${region} is outside the aws, aws-us-gov and aws-cn partitions` : 'the configured endpoint is not an http(s) URL' };
  }

  const attempts = given.maxAttempts ?? (nonEmpty(env.AWS_MAX_ATTEMPTS) === undefined ? DEFAULT_MAX_ATTEMPTS : Number(env.AWS_MAX_ATTEMPTS));
  if (typeof attempts !== 'number' || !Number.isInteger(attempts) || attempts < 1) return { sdkBecause: 'maxAttempts is not a positive integer' };

  return { config: { endpoint, region, credentials, maxAttempts: attempts } };
}
