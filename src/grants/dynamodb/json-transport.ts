/**
 * DynamoDB without the AWS SDK: whether `DynamoDbGrantStore` can use it and with
 * what (the region, endpoint, credentials and attempts, read from `clientConfig`
 * and the environment as the SDK reads them; whatever only the SDK understands,
 * such as a credentials provider, a profile, FIPS or dual-stack endpoints,
 * middleware or a request handler, sends the store to the SDK instead), and the
 * transport itself. Loaded only with `import()` from `transport.ts`.
 */
import http from 'node:http';
import https from 'node:https';
import aws4 from 'aws4';
import { type DynamoDbOperation, DynamoDbServiceError, type DynamoDbTransport } from './transport';

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

/**
 * The retry delays: full jitter (a random delay up to `base × 2^(attempt − 1)`,
 * at most `maxDelayMs`), with a longer base after throttling, as the AWS SDK's
 * standard retry mode does.
 */
export interface RetryDelays {
  readonly baseDelayMs: number;
  readonly throttlingBaseDelayMs: number;
  readonly maxDelayMs: number;
  /** A number in [0, 1): Math.random, or a fixed one in tests. */
  readonly random: () => number;
}

/** The AWS SDK's standard mode: 100 ms, 500 ms after throttling, at most 20 s. */
export const STANDARD_RETRY_DELAYS: RetryDelays = { baseDelayMs: 100, throttlingBaseDelayMs: 500, maxDelayMs: 20_000, random: Math.random };

/** The refusals that mean "slow down" (the SDK's throttling errors DynamoDB can send). */
const THROTTLING: ReadonlySet<string> = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
]);

/** What Node reports when a connection fails or breaks before the answer came (the SDK retries these). */
const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

const TARGET_PREFIX = 'DynamoDB_20120810';
const CONTENT_TYPE = 'application/x-amz-json-1.0';
/** So that CloudTrail and a proxy's logs tell this transport from the SDK. */
const USER_AGENT = 'apono-lambda-kit';

/**
 * How long to wait before attempt `attempt + 1`, or undefined when `err` is not
 * worth another one (a refusal the same request meets again).
 *
 * @example
 * ```ts
 * retryDelayMs(new DynamoDbServiceError('ThrottlingException', 'slow down', 400), 1, STANDARD_RETRY_DELAYS); // 0 to 499
 * ```
 */
export function retryDelayMs(err: unknown, attempt: number, delays: RetryDelays): number | undefined {
  let base: number;
  if (err instanceof DynamoDbServiceError) {
    if (THROTTLING.has(err.name) || err.statusCode === 429) base = delays.throttlingBaseDelayMs;
    else if (err.statusCode >= 500 || err.name === 'InternalServerError') base = delays.baseDelayMs;
    else return undefined;
  } else {
    const code = (err as { code?: unknown } | null)?.code;
    if (typeof code !== 'string' || !NETWORK_ERROR_CODES.has(code)) return undefined;
    base = delays.baseDelayMs;
  }
  return Math.floor(delays.random() * Math.min(delays.maxDelayMs, base * 2 ** (attempt - 1)));
}

/** Every occurrence of the request's secrets in a server message, replaced (a signature mismatch may echo the canonical request). */
function redacted(message: string, secrets: readonly (string | undefined)[]): string {
  return secrets.reduce<string>((text, secret) => (secret === undefined || secret === '' ? text : text.split(secret).join('[redacted]')), message);
}

/** DynamoDB's refusal: the type's last segment (`com.amazonaws…#Name` and `Name:http://…` both mean `Name`). */
function serviceError(status: number, headers: http.IncomingHttpHeaders, text: string, secrets: readonly (string | undefined)[]): DynamoDbServiceError {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    // not JSON (a proxy's error page): named by its status below
  }
  const type = typeof body.__type === 'string' ? body.__type : headers['x-amzn-errortype'];
  const name = (typeof type === 'string' ? (type.split('#').pop() ?? '').split(':')[0] : '') || 'UnknownError';
  const message = typeof body.message === 'string' ? body.message : typeof body.Message === 'string' ? body.Message : `HTTP ${status}`;
  const item = typeof body.Item === 'object' && body.Item !== null ? (body.Item as DynamoDbServiceError['Item']) : undefined;
  return new DynamoDbServiceError(name, redacted(message, secrets), status, item);
}

/**
 * DynamoDB without the AWS SDK: its JSON 1.0 protocol (`POST /`,
 * `X-Amz-Target: DynamoDB_20120810.<Op>`) over `node:http`/`node:https` with a
 * keep-alive agent, each attempt signed (SigV4) by `aws4`. A throttling refusal, a
 * 5xx and a broken connection are retried with full-jitter backoff up to
 * `maxAttempts` attempts in all, as the SDK's standard mode does; anything else
 * (a failed condition, a ValidationException) is thrown at once. Resending a
 * write whose answer was lost is safe: every write of the store is conditional,
 * and the store recognises its own write when the resend is refused.
 *
 * Not done (the SDK does them; none matters inside Lambda): clock-skew correction,
 * the retry quota, endpoint discovery.
 *
 * @example
 * ```ts
 * const transport = new JsonDynamoDbTransport({ endpoint: new URL('https://dynamodb.eu-west-1.amazonaws.com'), region: 'eu-west-1', credentials, maxAttempts: 3 });
 * const { Item } = await transport.send('GetItem', { TableName: 'apono-grants', Key: { pk: { S: 'GRANT#g-1' } } });
 * ```
 */
export class JsonDynamoDbTransport implements DynamoDbTransport {
  private readonly client: typeof http | typeof https;
  private readonly agent: http.Agent;

  constructor(
    private readonly config: JsonTransportConfig,
    private readonly delays: RetryDelays = STANDARD_RETRY_DELAYS,
  ) {
    this.client = config.endpoint.protocol === 'https:' ? https : http;
    // Idle sockets of a keep-alive agent are unref'd: they never hold a process open.
    this.agent = new this.client.Agent({ keepAlive: true });
  }

  async send(operation: DynamoDbOperation, input: Record<string, unknown>): Promise<Record<string, unknown>> {
    const body = JSON.stringify(input);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(operation, body);
      } catch (err) {
        const delay = attempt < this.config.maxAttempts ? retryDelayMs(err, attempt, this.delays) : undefined;
        if (delay === undefined) throw err;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /** One signed request (signed again for each attempt: the signature holds the time). */
  private attempt(operation: DynamoDbOperation, body: string): Promise<Record<string, unknown>> {
    const { endpoint, region, credentials } = this.config;
    const signed = aws4.sign(
      {
        service: 'dynamodb',
        region,
        method: 'POST',
        host: endpoint.host,
        path: endpoint.pathname,
        headers: { Host: endpoint.host, 'Content-Type': CONTENT_TYPE, 'X-Amz-Target': `${TARGET_PREFIX}.${operation}`, 'User-Agent': USER_AGENT },
        body,
      },
      credentials,
    );
    const headers = signed.headers as http.OutgoingHttpHeaders;
    const signature = /Signature=([0-9a-f]+)/.exec(String(headers.Authorization))?.[1];
    const secrets = [credentials.sessionToken, signature];
    return new Promise((resolve, reject) => {
      const request = this.client.request(
        { protocol: endpoint.protocol, hostname: endpoint.hostname, port: endpoint.port, path: endpoint.pathname, method: 'POST', headers, agent: this.agent },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = response.statusCode ?? 0;
            if (status < 200 || status >= 300) {
              reject(serviceError(status, response.headers, text, secrets));
              return;
            }
            try {
              resolve(text === '' ? {} : (JSON.parse(text) as Record<string, unknown>));
            } catch {
              // Not a refusal: the request may have been applied, and the caller may try again.
              reject(new DynamoDbServiceError('UnreadableResponse', `the ${operation} answer is not JSON`, status));
            }
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }
}
