import { InvokeCommand, type InvokeCommandOutput, type LambdaClient } from '@aws-sdk/client-lambda';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { CLI_FROM_SOURCE, decodePayload, localLambdaClient, type ServeProcess, startServeProcess } from '../support/cli-process';

/**
 * The local console end to end: the real `apono-lambda serve` (from source) on a
 * free loopback port, Debian's chromium driving the page, and the real
 * `@aws-sdk/client-lambda` on the same port. One serve and one browser for the file.
 */

const CHROMIUM = '/usr/bin/chromium';
const HANDLER = path.join(__dirname, 'console-integration.ts');
const FUNCTION_NAME = 'console-e2e';
/** What console-integration.ts calls its loud user (not imported: the integration is the serve process's). */
const LOUD_USERNAME = 'loud@example.com';
const SCREENSHOT = path.join(__dirname, 'output/console.png');
const hasChromium = existsSync(CHROMIUM);

let dataDir: string;
let served: ServeProcess;
let consoleUrl: string;
let lambda: LambdaClient;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'console-e2e-'));
  served = await startServeProcess([...CLI_FROM_SOURCE, 'serve', HANDLER, '--port', '0', '--function-name', FUNCTION_NAME, '--data-dir', dataDir]);
  consoleUrl = await printedConsoleUrl(served);
  lambda = localLambdaClient(served.url);
}, 30_000);

afterAll(async () => {
  lambda?.destroy();
  await served?.stop();
  if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
});

describe('the console refuses what is not its own page', () => {
  test('a request without the token is refused with 401', async () => {
    // Act
    const response = await fetch(`${served.url}/console/api/state`);

    // Assess
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'Unauthorized' });
  });

  test('a request with the token from another origin is refused with 403', async () => {
    // Prepare
    const token = new URL(consoleUrl).searchParams.get('token') ?? '';

    // Act
    const response = await fetch(`${served.url}/console/api/state`, { headers: { 'X-Console-Token': token, Origin: 'http://evil.example' } });

    // Assess
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'Forbidden' });
  });
});

describe("the Invoke API answers LogType 'Tail' and a Qualifier as Lambda does", () => {
  const invoke = (fields: Partial<{ username: string; qualifier: string; functionName: string }> = {}): Promise<InvokeCommandOutput> =>
    lambda.send(
      new InvokeCommand({
        FunctionName: fields.functionName ?? FUNCTION_NAME,
        ...(fields.qualifier === undefined ? {} : { Qualifier: fields.qualifier }),
        LogType: 'Tail',
        Payload: Buffer.from(JSON.stringify(grantEvent(`tail-${randomUUID()}`, fields.username ?? 'dana@example.com'))),
      }),
    );

  test("LogType 'Tail' answers the invocation's own log lines, base64", async () => {
    // Act
    const result = await invoke();

    // Assess
    const lines = decodedTail(result).trimEnd().split('\n');
    const requestId = result.$metadata.requestId;
    expect(lines[0]).toMatch(new RegExp(`^START RequestId: ${requestId} Version: \\$LATEST$`));
    expect(lines).toContain('console-e2e: granting reader on proj-billing to dana@example.com');
    expect(lines.at(-2)).toBe(`END RequestId: ${requestId}`);
    expect(lines.at(-1)).toMatch(new RegExp(`^REPORT RequestId: ${requestId}\\tDuration: [0-9.]+ ms\\tBilled Duration: \\d+ ms\\tMemory Size: \\d+ MB$`));
  });

  test("LogType 'Tail' of a log over 4 KB answers its last 4 KB, from a whole line", async () => {
    // Act
    const result = await invoke({ username: LOUD_USERNAME });

    // Assess
    const tail = decodedTail(result);
    expect(Buffer.byteLength(tail)).toBeLessThanOrEqual(4096);
    expect(Buffer.byteLength(tail)).toBeGreaterThan(3500);
    expect(tail).toContain(`console-e2e: loud line 199 ${'x'.repeat(40)}\n`);
    expect(tail).not.toContain('console-e2e: loud line 0 ');
    expect(tail).toMatch(/^console-e2e: loud line \d+ x{40}\n/);
    expect(tail).toContain(`END RequestId: ${result.$metadata.requestId}\n`);
  });

  test.each([
    ['$LATEST', '$LATEST'],
    ['1', '1'],
    ['live', '$LATEST'],
  ])('Qualifier %s is accepted and answers ExecutedVersion %s', async (qualifier, executedVersion) => {
    // Act
    const result = await invoke({ qualifier });

    // Assess
    expect(result.StatusCode).toBe(200);
    expect(result.FunctionError).toBeUndefined();
    expect(result.ExecutedVersion).toBe(executedVersion);
  });

  test('a qualifier in the FunctionName is accepted like the Qualifier parameter', async () => {
    // Act
    const result = await invoke({ functionName: `${FUNCTION_NAME}:7` });

    // Assess
    expect(result.ExecutedVersion).toBe('7');
  });

  test.each([
    ['$PROD', 'ResourceNotFoundException', `Function not found: arn:aws:lambda:us-east-1:000000000000:function:${FUNCTION_NAME}:$PROD`],
    ['a.b', 'ValidationException', "Value 'a.b' at 'qualifier' failed to satisfy constraint"],
  ])('Qualifier %s is refused with %s', async (qualifier, errorName, message) => {
    // Act
    const refused = invoke({ qualifier });

    // Assess
    await expect(refused).rejects.toMatchObject({ name: errorName, message: expect.stringContaining(message) });
  });

  test('a Qualifier that disagrees with the FunctionName’s is refused with InvalidParameterValueException', async () => {
    // Act
    const refused = invoke({ functionName: `${FUNCTION_NAME}:live`, qualifier: '1' });

    // Assess
    await expect(refused).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
  });
});

if (!hasChromium && process.env.CI === 'true') {
  test(`chromium is installed at ${CHROMIUM} (CI runs the console in a browser)`, () => {
    // Assess
    expect(existsSync(CHROMIUM)).toBe(true);
  });
}
if (!hasChromium) console.warn(`console.test.ts: the browser tests are skipped: no ${CHROMIUM} (apt-get install chromium)`);

(hasChromium ? describe : describe.skip)('the console in chromium', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.url });
    page = await context.newPage();
    await page.goto(consoleUrl);
    await page.locator('#live', { hasText: 'live' }).waitFor();
    await page.fill('#resource-type', 'project');
    await page.click('#save-settings');
    await page.locator('#notice', { hasText: 'settings saved' }).waitFor();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
  });

  test('opening the printed URL moves the token out of the address bar into the session', async () => {
    // Assess
    expect(page.url()).toBe(`${served.url}/`);
    expect(await page.locator('h1').textContent()).toBe(FUNCTION_NAME);
  });

  test('list resources, grant, then revoke: the ledger row turns GRANTED then REVOKED, an SDK invocation shows up meanwhile', async () => {
    // Prepare
    const sdkGrantId = `sdk-${randomUUID()}`;

    // Act: list resources, and request reader on Billing for dana
    await page.click('#list-resources');
    await page.locator('#resources .resource-pick[value="proj-billing"]').check();
    await page.fill('#username', 'dana@example.com');
    await page.selectOption('#permission', 'reader');
    const grantId = await page.inputValue('#grant-id');
    await page.click('#grant');
    const status = page.locator(`#ledger-rows tr[data-grant-id="${grantId}"] [data-status]`);
    await status.filter({ hasText: 'GRANTED' }).waitFor();
    const grantedStatus = await status.getAttribute('data-status');

    // Act: meanwhile, the AWS SDK grants another request on the same endpoint
    const sdkResult = await lambda.send(new InvokeCommand({ FunctionName: FUNCTION_NAME, Payload: Buffer.from(JSON.stringify(grantEvent(sdkGrantId))) }));
    await page.locator(`#invocation-rows tr`, { hasText: sdkGrantId }).waitFor();
    await page.locator(`#ledger-rows tr[data-grant-id="${sdkGrantId}"] [data-status="GRANTED"]`).waitFor();

    // Act: revoke the page's grant from its ledger row
    await page.locator(`#ledger-rows tr[data-grant-id="${grantId}"] button`, { hasText: 'revoke…' }).click();
    await page.click('#revoke');
    await status.filter({ hasText: 'REVOKED' }).waitFor();
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // Assess
    expect(grantedStatus).toBe('GRANTED');
    expect(decodePayload(sdkResult.Payload)).toEqual({ status: 'ok' });
    expect(await status.getAttribute('data-status')).toBe('REVOKED');
    const eventTypes = await page.locator('#invocation-rows tr td:nth-child(2)').allTextContents();
    expect(eventTypes.slice(0, 4)).toEqual(['revoke-access', 'grant-access', 'grant-access', 'list-resources']);
  });

  test('a credentials secret is shown once, masked with a copy button, and is gone from the page after a reload and from the data dir', async () => {
    // Prepare
    await page.click('#list-resources');
    await page.locator('#resources .resource-pick[value="proj-search"]').check();
    await page.fill('#username', 'erin@example.com');

    // Act
    const [answered] = await Promise.all([page.waitForResponse('**/console/api/invoke'), page.click('#create-credentials')]);
    const { secret } = ((await answered.json()) as { answer: { secret: string } }).answer;
    await page.locator('#secret').waitFor();
    const shown = await page.textContent('#secret-value');
    await page.click('#copy-secret');
    await page.locator('#notice', { hasText: 'copied' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    await page.reload();
    await page.locator('#live', { hasText: 'live' }).waitFor();

    // Assess
    expect(secret).toMatch(/^e2e-secret-[0-9a-f]{24}$/);
    expect(shown).toBe('••••••••••••');
    expect(copied).toBe(secret);
    expect(await page.isHidden('#secret')).toBe(true);
    expect(await page.content()).not.toContain(secret);
    expect(await page.locator('#invocation-rows tr td:nth-child(2)').first().textContent()).toBe('create-credentials');
    expect(filesHolding(dataDir, secret)).toEqual([]);
  });
});

/** The `console: <url>` line serve prints after it listens (the URL carries the run's token). */
async function printedConsoleUrl(serve: ServeProcess): Promise<string> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const match = /console: (http:\/\/\S+\/\?token=[0-9a-f]+)/.exec(serve.output());
    if (match?.[1] !== undefined) return match[1];
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`serve printed no console URL:\n${serve.output()}`);
}

function grantEvent(grantId: string, username = 'dana@example.com') {
  return {
    event_type: 'grant-access',
    params: { grant_id: grantId, username, resource_type: 'project', resources: ['proj-billing'], permission: 'reader', custom_parameters: {} },
  };
}

function decodedTail(result: InvokeCommandOutput): string {
  expect(result.LogResult).toMatch(/^[A-Za-z0-9+/]+=*$/);
  return Buffer.from(result.LogResult ?? '', 'base64').toString('utf8');
}

/** The files under `dir` whose bytes contain `text`. */
function filesHolding(dir: string, text: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const file = path.join(dir, name);
    if (statSync(file).isFile() && readFileSync(file).includes(text)) found.push(name);
  }
  return found;
}
