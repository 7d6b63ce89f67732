/** DynamoDB without the AWS SDK, and when the store may use it. See docs/dynamodb-store.md#transports. */
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
  /** The first attempt included. */
  readonly maxAttempts: number;
}

/** The SDK-free transport's config, or why the SDK is needed instead. */
export type JsonTransportChoice = { readonly config: JsonTransportConfig } | { readonly sdkBecause: string };

const UNDERSTOOD_KEYS: ReadonlySet<string> = new Set(['region', 'endpoint', 'credentials', 'maxAttempts']);

/** The SDK's standard retry mode: 3 attempts. */
export const DEFAULT_MAX_ATTEMPTS = 3;

/** The aws and aws-us-gov partitions (`.amazonaws.com`), then aws-cn (`.amazonaws.com.cn`). */
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
 * The SDK-free transport's config from `clientConfig` and the environment (read as the
 * SDK reads them), or why the SDK is needed. See docs/dynamodb-store.md#transports.
 * @example const choice = chooseJsonTransport({ region: 'eu-west-1' }, process.env); // { config: { endpoint: https://dynamodb.eu-west-1.amazonaws.com/, … } }
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

  if (typeof given.maxAttempts === 'function') return { sdkBecause: 'clientConfig.maxAttempts is a provider' };
  const attempts = given.maxAttempts ?? (nonEmpty(env.AWS_MAX_ATTEMPTS) === undefined ? DEFAULT_MAX_ATTEMPTS : Number(env.AWS_MAX_ATTEMPTS));
  if (typeof attempts !== 'number' || !Number.isInteger(attempts) || attempts < 1) return { sdkBecause: 'maxAttempts is not a positive integer' };

  return { config: { endpoint, region, credentials, maxAttempts: attempts } };
}

/** Full jitter: a random delay below `min(maxDelayMs, base × 2^(attempt − 1))`. */
export interface RetryDelays {
  readonly baseDelayMs: number;
  readonly throttlingBaseDelayMs: number;
  readonly maxDelayMs: number;
  /** In [0, 1): Math.random, or fixed in tests. */
  readonly random: () => number;
}

/** The AWS SDK's standard mode. */
export const STANDARD_RETRY_DELAYS: RetryDelays = { baseDelayMs: 100, throttlingBaseDelayMs: 500, maxDelayMs: 20_000, random: Math.random };

/** The SDK's throttling error names that DynamoDB can send. */
const THROTTLING: ReadonlySet<string> = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
]);

/** A connection that failed or broke before the answer (the SDK retries these). */
const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

/**
 * How long an attempt may go without a byte from DynamoDB (normally milliseconds) before it is
 * abandoned and retried: a stale keep-alive socket after a thawed sandbox can otherwise hang
 * until Lambda's timeout. See docs/dynamodb-store.md#retries-and-errors.
 */
export const ATTEMPT_IDLE_TIMEOUT_MS = 10_000;

const TARGET_PREFIX = 'DynamoDB_20120810';
const CONTENT_TYPE = 'application/x-amz-json-1.0';
/** So that CloudTrail and a proxy's logs tell this transport from the SDK. */
const USER_AGENT = 'apono-lambda-kit';

/**
 * The wait before attempt `attempt + 1`, or undefined when the same request would fail again.
 * @example retryDelayMs(new DynamoDbServiceError('ThrottlingException', 'slow down', 400), 1, STANDARD_RETRY_DELAYS); // 0 to 499
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

/** A signature mismatch may echo the canonical request, secrets included. */
function redacted(message: string, secrets: readonly (string | undefined)[]): string {
  return secrets.reduce<string>((text, secret) => (secret === undefined || secret === '' ? text : text.split(secret).join('[redacted]')), message);
}

/** Named by the type's last segment: `com.amazonaws…#Name` and `Name:http://…` both mean `Name`. */
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
 * DynamoDB's JSON 1.0 protocol over `node:http(s)`, signed by `aws4`, retried as the SDK's
 * standard mode does. See docs/dynamodb-store.md#retries-and-errors.
 * @example const { Item } = await new JsonDynamoDbTransport(config).send('GetItem', { TableName: 'apono-grants', Key: { pk: { S: 'GRANT#g-1' } } });
 */
export class JsonDynamoDbTransport implements DynamoDbTransport {
  private readonly client: typeof http | typeof https;
  private readonly agent: http.Agent;

  constructor(
    private readonly config: JsonTransportConfig,
    private readonly delays: RetryDelays = STANDARD_RETRY_DELAYS,
    private readonly idleTimeoutMs: number = ATTEMPT_IDLE_TIMEOUT_MS,
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

  /** Signed for each attempt: the signature holds the time. */
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
      // ETIMEDOUT: retried as a broken connection is (the ledgers recognise a resent write that had landed).
      request.setTimeout(this.idleTimeoutMs, () => {
        request.destroy(Object.assign(new Error(`DynamoDB sent nothing for ${this.idleTimeoutMs} ms in answer to ${operation}`), { code: 'ETIMEDOUT' }));
      });
      request.end(body);
    });
  }
}
