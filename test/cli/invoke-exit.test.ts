import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI_FROM_SOURCE, REPO_ROOT, runNode } from '../support/cli-process';

const LINGERING = path.join(__dirname, 'fixtures/lingering-handles-handler.ts');
/** Lambda answers when the handler settles; "a couple of seconds" leaves room for a slow CI machine's store shutdown. */
const EXIT_BUDGET_MS = 2_500;

/** What an invoke printed, and how long it kept running after the answer was printed. */
interface TimedRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** From the first byte on stdout (or stderr, for a function error) to the exit; undefined when it had to be killed. */
  msAfterAnswer?: number;
}

/** Runs the CLI, killing it when it outlives the answer by far more than the budget (so the test fails, not hangs). */
function runTimed(args: readonly string[]): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI_FROM_SOURCE, ...args], { cwd: REPO_ROOT });
    let stdout = '';
    let stderr = '';
    let answeredAt: number | undefined;
    let killer: NodeJS.Timeout | undefined;
    const answered = (): void => {
      answeredAt ??= Date.now();
      killer ??= setTimeout(() => child.kill('SIGKILL'), EXIT_BUDGET_MS * 4);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      answered();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('"errorType"')) answered();
    });
    const overall = setTimeout(() => child.kill('SIGKILL'), 40_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      clearTimeout(overall);
      const msAfterAnswer = signal === null && answeredAt !== undefined ? Date.now() - answeredAt : undefined;
      resolve({ code, stdout, stderr, msAfterAnswer });
    });
  });
}

describe('apono-lambda invoke exits when the handler has answered, as Lambda does', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'invoke-exit-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  test('prints the answer and exits 0 at once although the handler module left a timer and a server open', async () => {
    // Act
    const run = await runTimed(['invoke', LINGERING, 'get-status', '--store', 'memory']);

    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ status: 'active' });
    expect(run.msAfterAnswer).toBeDefined();
    expect(run.msAfterAnswer).toBeLessThan(EXIT_BUDGET_MS);
  }, 45_000);

  test('exits 1 at once with the function error although the handler module left handles open', async () => {
    // Act
    const run = await runTimed([
      'invoke', LINGERING, 'delete-credentials', '--store', 'memory',
      '--param', 'username=fail@example.com', '--param', 'resource_type=project', '--param', 'resources=proj-billing',
    ]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('"errorType":"FixtureRefusalError"');
    expect(run.msAfterAnswer).toBeDefined();
    expect(run.msAfterAnswer).toBeLessThan(EXIT_BUDGET_MS);
  }, 45_000);

  test('closes the embedded store before exiting, so the grant it recorded is on disk for grants show', async () => {
    // Prepare
    const grant = [
      '--param', 'grant_id=lingering-grant', '--param', 'username=dana@example.com', '--param', 'resource_type=project',
      '--param', 'resources=proj-billing', '--param', 'permission=reader',
    ];

    // Act
    const run = await runTimed(['invoke', LINGERING, 'grant-access', ...grant, '--data-dir', dataDir]);
    const shown = await runNode([...CLI_FROM_SOURCE, 'grants', 'show', 'lingering-grant', '--data-dir', dataDir, '--json']);

    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ status: 'ok' });
    expect(run.msAfterAnswer).toBeLessThan(EXIT_BUDGET_MS);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ grantId: 'lingering-grant', status: 'GRANTED', username: 'dana@example.com' });
  }, 60_000);
});
