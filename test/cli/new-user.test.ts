/**
 * The "write your first integration" steps of the README, done as a new user
 * would: the package packed from this clone and installed with npm into an
 * empty folder (from npm's cache where it can; the registry otherwise), one new
 * .ts file, then `npx apono-lambda invoke` and `npx apono-lambda serve`.
 */
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readFirstIntegrationSteps } from '../support/readme-first-integration';
import { decodePayload, localLambdaClient, REPO_ROOT, runNode, startServeProcess, type ServeProcess } from '../support/cli-process';

/** The steps, read from README.md itself: the test fails when the two drift apart. */
const steps = readFirstIntegrationSteps();
const [invokeCommand, serveCommand, grantsListCommand, buildCommand] = steps.cliCommands;
const functionName = serveCommand[serveCommand.indexOf('--function-name') + 1];

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('a new user’s first integration, outside this repository', () => {
  let root: string;
  let project: string;
  let served: ServeProcess | undefined;
  const cli = () => path.join(project, 'node_modules/.bin/apono-lambda');

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'new-user-'));
    // Step 1 (in the clone): npm pack (its prepack script builds the package).
    const tarball = path.join(root, npm(['pack', '--pack-destination', root, '--silent'], REPO_ROOT).trim().split('\n').pop()!);
    // Step 2: a new project with the package and the development tools.
    project = path.join(root, 'my-integration');
    mkdirSync(path.join(project, 'src'), { recursive: true });
    npm(['init', '-y'], project);
    npm(['install', tarball], project);
    npm(['install', '--save-dev', ...steps.devPackages], project);
    // Steps 3 and 4: the two files.
    writeFileSync(path.join(project, 'tsconfig.json'), steps.tsconfig);
    writeFileSync(path.join(project, 'src/handler.ts'), steps.handlerSource);
  }, 170_000);

  afterAll(async () => {
    await served?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('reads every step it runs from the README', () => {
    // Assess
    expect(steps.cliCommands.map((command) => command.slice(0, 2).join(' '))).toEqual([
      'invoke src/handler.ts', 'serve src/handler.ts', 'grants list', 'build src/handler.ts',
    ]);
    expect(steps.handlerSource).toContain('export const handler = bootstrap(');
  });

  test('step 6\'s AWS CLI command carries everything a machine without AWS configuration needs', () => {
    // Assess
    expect(steps.awsInvokeCommand).toMatch(/AWS_ACCESS_KEY_ID=\S+ AWS_SECRET_ACCESS_KEY=\S+ aws lambda invoke/);
    expect(steps.awsInvokeCommand).toContain('--endpoint-url http://127.0.0.1:9000');
    expect(steps.awsInvokeCommand).toContain('--region us-east-1');
    expect(steps.awsInvokeCommand).toContain(`--function-name ${functionName}`);
  });

  test('step 5: npx apono-lambda invoke runs the new TypeScript integration', async () => {
    // Act
    const run = await runNode([cli(), ...invokeCommand], { cwd: project });

    // Assess
    expect(run.stderr).not.toMatch(/apono-lambda:/);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      resources: [{ id: 'nb-1', name: 'Team notebook', type: 'notebook', metadata: { owner: 'team@example.com' } }],
      permissions: [{ id: 'editor', name: 'Editor' }],
    });
  });

  test('step 6: npx apono-lambda serve answers the AWS SDK, and grants list shows the grant', async () => {
    // Prepare
    // A free port instead of the README's 9000: test runs must not collide.
    served = await startServeProcess([cli(), ...serveCommand, '--port', '0'], { cwd: project });
    const lambda = localLambdaClient(served.url);
    const grant = {
      event_type: 'grant-access',
      params: { grant_id: 'first-grant', username: 'dana@example.com', resource_type: 'notebook', resources: ['nb-1'], permission: 'editor', custom_parameters: {} },
    };

    // Act
    const result = await lambda.send(new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify(grant)) }));
    lambda.destroy();
    const listed = await runNode([cli(), ...grantsListCommand], { cwd: project });

    // Assess
    expect(result.FunctionError).toBeUndefined();
    expect(decodePayload(result.Payload)).toEqual({ status: 'ok' });
    expect(listed.stdout).toMatch(/first-grant\s+GRANTED\s+dana@example\.com\s+notebook\s+nb-1\s+editor/);
  });

  test('step 7: npx apono-lambda build bundles it into an index.mjs that answers', async () => {
    // Act
    const build = await runNode([cli(), ...buildCommand], { cwd: project });
    const probe = await runNode(
      ['--input-type=module', '-e',
        `const { handler } = await import(${JSON.stringify(path.join(project, 'dist-lambda/index.mjs'))});
         process.stdout.write(JSON.stringify(await handler({ event_type: 'get-status', params: {} }, { awsRequestId: 'r', functionName: 'notes', getRemainingTimeInMillis: () => 3000 })));`],
      { cwd: project },
    );

    // Assess
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    expect(build.stdout).toContain('function.zip');
    expect(probe.stdout).toContain('{"status":"active"}');
  });
});
