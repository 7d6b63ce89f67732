import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI_FROM_SOURCE, REPO_ROOT, runNode } from '../support/cli-process';

describe('apono-lambda build', () => {
  let outDir: string;
  beforeAll(() => {
    outDir = mkdtempSync(path.join(tmpdir(), 'build-'));
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  test('bundles the example handler into one index.js (and function.zip) that answers as the handler', async () => {
    // Act
    const build = await runNode([...CLI_FROM_SOURCE, 'build', 'example-app/src/handler.ts', '--out', outDir, '--zip']);
    const probe = await runNode(
      [
        '-e',
        `require(${JSON.stringify(path.join(outDir, 'index.js'))}).handler({ event_type: 'list-resources-tags', params: { custom_parameters: { base_url: 'http://127.0.0.1:1' } } },
          { awsRequestId: 'r', functionName: 'f', getRemainingTimeInMillis: () => 3000 }).then((a) => process.stderr.write('ANSWER ' + JSON.stringify(a)))`,
      ],
      { cwd: outDir, env: { PATH: process.env.PATH, GRANTS_TABLE: 'grants', PORTAL_ADMIN_API_KEY: 'k' } },
    );

    // Assess
    expect(build.code).toBe(0);
    expect(build.stdout).toContain('function.zip');
    expect(probe.stderr).toContain('ANSWER {"status":"active"}');
  }, 60_000);
});
