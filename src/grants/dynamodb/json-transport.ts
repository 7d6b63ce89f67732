import http from 'node:http';
import https from 'node:https';
import aws4 from 'aws4';
import type { JsonTransportConfig } from './json-transport-config';
import { DynamoDbServiceError, type DynamoDbOperation, type DynamoDbTransport } from './transport';

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
