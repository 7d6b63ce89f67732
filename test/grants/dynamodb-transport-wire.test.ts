/**
 * The SDK-free DynamoDB transport on the wire, against a local HTTP server that
 * records what it receives and answers as scripted: DynamoDB's JSON 1.0 protocol,
 * a SigV4 signature checked here by recomputing it from the request as received,
 * DynamoDB's refusals as typed errors, and no secret in any of them.
 */
import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { JsonDynamoDbTransport, type RetryDelays } from '../../src/grants/dynamodb/json-transport';
import { DynamoDbServiceError } from '../../src/grants/dynamodb/transport';

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'FwoGZXIvYXdzEXAMPLE-session-token' };
const NO_WAIT: RetryDelays = { baseDelayMs: 0, throttlingBaseDelayMs: 0, maxDelayMs: 0, random: () => 0 };

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  remotePort: number;
}

/** A server answering each request with the next scripted answer (200 `{}` when none is left). */
async function startScriptedServer(): Promise<{ url: URL; received: Received[]; answer(status: number, body: object | ((request: Received) => object)): void; stop(): Promise<void> }> {
  const received: Received[] = [];
  const answers: { status: number; body: object | ((request: Received) => object) }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), remotePort: req.socket.remotePort ?? 0 };
      received.push(request);
      const next = answers.shift() ?? { status: 200, body: {} };
      const body = typeof next.body === 'function' ? next.body(request) : next.body;
      res.writeHead(next.status, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    received,
    answer: (status, body) => {
      answers.push({ status, body });
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();

/** The SigV4 signature of the request as the server received it (AWS's algorithm, written out). */
function expectedSignature(request: Received, signedHeaders: string[], scope: { date: string; region: string; service: string }): string {
  const canonicalHeaders = signedHeaders.map((name) => `${name}:${String(request.headers[name]).trim()}\n`).join('');
  const canonicalRequest = [request.method, request.url, '', canonicalHeaders, signedHeaders.join(';'), sha256(request.body)].join('\n');
  const credentialScope = `${scope.date}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', String(request.headers['x-amz-date']), credentialScope, sha256(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${CREDENTIALS.secretAccessKey}`, scope.date), scope.region), scope.service), 'aws4_request');
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
}

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/;

describe('the SDK-free DynamoDB transport on the wire', () => {
  let server: Awaited<ReturnType<typeof startScriptedServer>>;
  let transport: JsonDynamoDbTransport;
  const input = { TableName: 'apono-grants', Key: { pk: { S: 'GRANT#g-1' } }, ConsistentRead: true };
  beforeEach(async () => {
    server = await startScriptedServer();
    transport = new JsonDynamoDbTransport({ endpoint: server.url, region: 'eu-west-1', credentials: CREDENTIALS, maxAttempts: 3 }, NO_WAIT);
  });
  afterEach(async () => {
    await server.stop();
  });

  it('POSTs the input as JSON to /, with the JSON 1.0 content type and the operation in X-Amz-Target, and returns the answer', async () => {
    // Prepare
    server.answer(200, { Item: { pk: { S: 'GRANT#g-1' } } });
    // Act
    const output = await transport.send('GetItem', input);
    // Assess
    expect(output).toEqual({ Item: { pk: { S: 'GRANT#g-1' } } });
    const request = server.received[0]!;
    expect(request).toMatchObject({ method: 'POST', url: '/' });
    expect(request.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(request.headers['x-amz-target']).toBe('DynamoDB_20120810.GetItem');
    expect(JSON.parse(request.body)).toEqual(input);
  });

  it('signs with SigV4 for the region and the dynamodb service: the signature verifies against the request as received', async () => {
    // Act
    await transport.send('UpdateItem', input);
    // Assess
    const request = server.received[0]!;
    const parts = AUTHORIZATION.exec(String(request.headers.authorization));
    expect(parts).not.toBeNull();
    const [, accessKeyId, date = '', region = '', service = '', signedHeaders = '', signature] = parts as RegExpExecArray;
    expect({ accessKeyId, region, service }).toEqual({ accessKeyId: CREDENTIALS.accessKeyId, region: 'eu-west-1', service: 'dynamodb' });
    expect(signedHeaders.split(';')).toEqual(expect.arrayContaining(['host', 'x-amz-date', 'x-amz-target', 'content-type', 'x-amz-security-token']));
    expect(signature).toBe(expectedSignature(request, signedHeaders.split(';'), { date, region, service }));
  });

  it('sends the session token in X-Amz-Security-Token', async () => {
    // Act
    await transport.send('GetItem', input);
    // Assess
    expect(server.received[0]!.headers['x-amz-security-token']).toBe(CREDENTIALS.sessionToken);
  });

  it('sends no X-Amz-Security-Token with long-term credentials', async () => {
    // Prepare
    const { sessionToken: _none, ...longTerm } = CREDENTIALS;
    const longTermTransport = new JsonDynamoDbTransport({ endpoint: server.url, region: 'eu-west-1', credentials: longTerm, maxAttempts: 1 }, NO_WAIT);
    // Act
    await longTermTransport.send('GetItem', input);
    // Assess
    expect(server.received[0]!.headers).not.toHaveProperty('x-amz-security-token');
  });

  it('reuses its connection for the next request (keep-alive)', async () => {
    // Act
    await transport.send('GetItem', input);
    await transport.send('GetItem', input);
    // Assess
    expect(server.received[1]!.remotePort).toBe(server.received[0]!.remotePort);
  });

  it('a failed condition is a ConditionalCheckFailedException carrying the item returned under ALL_OLD, sent once', async () => {
    // Prepare
    const item = { pk: { S: 'GRANT#g-1' }, status: { S: 'GRANTED' } };
    server.answer(400, { __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', message: 'The conditional request failed', Item: item });
    // Act
    const failure = await transport.send('PutItem', input).catch((err: unknown) => err);
    // Assess
    expect(failure).toBeInstanceOf(DynamoDbServiceError);
    expect(failure).toMatchObject({ name: 'ConditionalCheckFailedException', message: 'The conditional request failed', statusCode: 400, Item: item });
    expect(server.received).toHaveLength(1);
  });

  it('a ValidationException is thrown at once, named by its type, not retried', async () => {
    // Prepare
    server.answer(400, { __type: 'com.amazon.coral.validate#ValidationException', message: 'One or more parameter values were invalid' });
    // Act
    const failure = await transport.send('UpdateItem', input).catch((err: unknown) => err);
    // Assess
    expect(failure).toMatchObject({ name: 'ValidationException', statusCode: 400 });
    expect(server.received).toHaveLength(1);
  });

  it('an answer that is not DynamoDB JSON is an UnknownError with its status', async () => {
    // Prepare: a 4xx, so that the transport does not retry it
    server.answer(413, { note: 'a proxy in the way, no __type' });
    // Act
    const failure = await transport.send('GetItem', input).catch((err: unknown) => err);
    // Assess
    expect(failure).toMatchObject({ name: 'UnknownError', message: 'HTTP 413', statusCode: 413 });
  });

  it('an error never holds the secret key, the session token or the signature, even when the server echoes the request', async () => {
    // Prepare: a signature mismatch's message quotes the canonical request, security token header included
    server.answer(403, (request) => ({
      __type: 'com.amazon.coral.service#InvalidSignatureException',
      message: `The request signature we calculated does not match. x-amz-security-token:${String(request.headers['x-amz-security-token'])} ${String(request.headers.authorization)}`,
    }));
    // Act
    const failure = (await transport.send('GetItem', input).catch((err: unknown) => err)) as Error;
    // Assess
    const signature = String(server.received[0]!.headers.authorization).split('Signature=')[1];
    const text = `${failure.message} ${failure.stack ?? ''} ${JSON.stringify(failure)}`;
    expect(failure.name).toBe('InvalidSignatureException');
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    expect(text).not.toContain(signature);
    expect(text).not.toContain(CREDENTIALS.sessionToken);
    expect(text).not.toContain(CREDENTIALS.secretAccessKey);
    expect(failure.message).toContain('[redacted]');
  });
});
