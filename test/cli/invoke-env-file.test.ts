/**
 * `apono-lambda invoke --env-file <file>` (and `reconcile`'s): the file's
 * KEY=VALUE lines are in `process.env` before the handler module loads, as
 * `serve --env-file` does, so one local.env serves every command.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI_FROM_SOURCE_ANYWHERE } from './cli-outside-repo';
import { runNode } from '../support/cli-process';

/** Answers get-status with what the environment held when the module loaded. */
const HANDLER_SOURCE = `
const atLoad = { greeting: process.env.GREETING, region: process.env.APP_REGION };
export const handler = async () => atLoad;
`;

describe('invoke --env-file', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'invoke-env-file-'));
    writeFileSync(path.join(dir, 'handler.ts'), HANDLER_SOURCE);
    writeFileSync(path.join(dir, 'local.env'), 'GREETING=hello from the env file\nAPP_REGION=eu-west-1\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('sets the file’s variables before the module loads, the shell’s own winning', async () => {
    // Prepare
    const env: NodeJS.ProcessEnv = { ...process.env, APP_REGION: 'from-the-shell' };

    // Act
    const run = await runNode([...CLI_FROM_SOURCE_ANYWHERE, 'invoke', 'handler.ts', 'get-status', '--store', 'memory', '--env-file', 'local.env'], { cwd: dir, env });

    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ greeting: 'hello from the env file', region: 'from-the-shell' });
  });

  test('refuses a file that does not exist, naming it, and runs nothing', async () => {
    // Act
    const run = await runNode([...CLI_FROM_SOURCE_ANYWHERE, 'invoke', 'handler.ts', 'get-status', '--store', 'memory', '--env-file', 'missing.env'], { cwd: dir });

    // Assess
    // Node 20 itself reads any `--env-file` in argv and exits 9 when the file is missing; otherwise the CLI refuses it.
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/missing\.env/);
    expect(run.stdout).toBe('');
  });
});
