/**
 * `apono-lambda serve --env-file <file>`: the file's KEY=VALUE lines are in
 * `process.env` before the handler module loads; the shell's own values win, as
 * with `node --env-file`; a missing file is a CLI error.
 */
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { notSetIn, readEnvFile } from '../../src/cli/handler/env-file';
import { CLI_FROM_SOURCE_ANYWHERE } from './cli-outside-repo';
import { decodePayload, localLambdaClient, runNode, startServeProcess, type ServeProcess } from '../support/cli-process';

/** Reads the environment at load time, as modules that build their clients from it do. */
const HANDLER_SOURCE = `
const atLoad = { greeting: process.env.GREETING, quoted: process.env.QUOTED, region: process.env.APP_REGION, table: process.env.GRANTS_TABLE };
export const handler = async () => atLoad;
`;

const ENV_FILE = [
  '# local settings',
  'GREETING=hello from the env file',
  'QUOTED="two words # not a comment"',
  'export APP_REGION=eu-west-1',
  'GRANTS_TABLE=from-env-file',
  '',
].join('\n');

describe('serve --env-file', () => {
  let dir: string;
  let served: ServeProcess | undefined;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'serve-env-file-'));
    writeFileSync(path.join(dir, 'handler.ts'), HANDLER_SOURCE);
    writeFileSync(path.join(dir, 'local.env'), ENV_FILE);
  });
  afterAll(async () => {
    await served?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('loads the file before the module, lets the shell win, and names the local table after it', async () => {
    // Prepare
    const env: NodeJS.ProcessEnv = { ...process.env, APP_REGION: 'from-the-shell' };
    delete env.GRANTS_TABLE;
    served = await startServeProcess(
      [...CLI_FROM_SOURCE_ANYWHERE, 'serve', 'handler.ts', '--env-file', 'local.env', '--port', '0'],
      { cwd: dir, env },
    );
    const lambda = localLambdaClient(served.url);

    // Act
    const result = await lambda.send(new InvokeCommand({ FunctionName: served.functionName, Payload: Buffer.from('{}') }));
    lambda.destroy();

    // Assess
    expect(decodePayload(result.Payload)).toEqual({
      greeting: 'hello from the env file',
      quoted: 'two words # not a comment',
      region: 'from-the-shell',
      table: 'from-env-file',
    });
  });

  test('refuses a file that does not exist, naming it, and serves nothing', async () => {
    // Act
    const run = await runNode([...CLI_FROM_SOURCE_ANYWHERE, 'serve', 'handler.ts', '--env-file', 'missing.env', '--port', '0'], { cwd: dir });

    // Assess
    // Node 20 itself looks for any `--env-file` in argv, even after the script, and exits 9
    // ("node: missing.env: not found") when the file is missing; otherwise the CLI refuses it (exit 2).
    expect([2, 9]).toContain(run.code);
    expect(run.stderr).toMatch(/missing\.env/);
    expect(run.stdout).not.toContain('listening on');
  });

  test('readEnvFile names the file it cannot read', () => {
    // Act
    const read = () => readEnvFile(path.join(dir, 'missing.env'));

    // Assess
    expect(read).toThrow(/^--env-file: cannot read .*missing\.env: ENOENT$/);
  });

  test('notSetIn keeps only what the environment does not set', () => {
    // Act
    const kept = notSetIn({ A: 'file', B: 'file' }, { A: 'shell' });

    // Assess
    expect(kept).toEqual({ B: 'file' });
  });
});
