/**
 * The README's "Write your first integration", done as a new user would, outside
 * this repository and from the packed package: `npm pack`, `init` through npx from
 * the tarball, one `npm install <tarball>`, then `tsc --noEmit`, `npm test`,
 * `npm start` answering the AWS SDK, `grants list`, and `npm run build`. Every command
 * is read from README.md, so the two cannot drift apart.
 */
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ScaffoldDevDependencies, ScaffoldRuntimeDependencies } from '../../src/cli/init/scaffold-project';
import { decodePayload, localLambdaClient, REPO_ROOT, runCommand, runNode, type CliRun } from '../support/cli-process';
import { readFirstIntegrationSteps } from './first-integration-steps';

const steps = readFirstIntegrationSteps();
const kit = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

/**
 * No audit or funding requests. Not `--prefer-offline`: a cached package document older than
 * a dependency's newest release fails the install with ETARGET, as a new user's npm would not.
 */
const NPM_FLAGS = ['--no-audit', '--no-fund', '--loglevel=error'];

/** Runs a command (npm, npx) in `cwd` to completion, never throwing: the test asserts on the outcome. */
const run = (command: string, args: readonly string[], cwd: string): Promise<CliRun> => runCommand(command, args, { cwd });

/** A README path to the tarball, made the real one (the README names it beside the clone). */
const withTarball = (args: readonly string[], tarball: string) => args.map((arg) => (arg.endsWith(path.basename(steps.tarballAsWritten)) ? tarball : arg));

/** `npm start` in its own process group (npm does not pass a signal on to the server it starts), up once it prints its URL. */
function startServing(cwd: string): Promise<{ url: string; output: () => string; stop: () => Promise<void> }> {
  const [command, ...args] = steps.startCommand;
  // A free port instead of the README's 9000: test runs must not collide.
  const child: ChildProcess = spawn(command, [...args, '--', '--port', '0'], { cwd, env: process.env, detached: true });
  let output = '';
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => void stop().then(() => reject(new Error(`npm start did not listen within 30 s:\n${output}`))), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+) function/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({ url: match[1]!, output: () => output, stop });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`npm start exited before listening:\n${output}`));
    });
  });
}

/** The folder npx installed a package spec into (under npm's cache), to remove it: each run's tarball path is new. */
function npxInstallsOf(spec: string): string[] {
  const npxDir = path.join(execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).trim(), '_npx');
  if (!existsSync(npxDir)) return [];
  return readdirSync(npxDir)
    .map((entry) => path.join(npxDir, entry))
    .filter((dir) => {
      try {
        return readFileSync(path.join(dir, 'package.json'), 'utf8').includes(spec);
      } catch {
        return false;
      }
    });
}

describe('a new user’s first integration, outside this repository, from the packed package', () => {
  let root: string;
  let tarball: string;
  let project: string;
  let init: CliRun;
  let install: CliRun;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'new-user-'));
    // In the clone: npm pack (its prepack script builds the package).
    const packed = execFileSync('npm', ['pack', '--pack-destination', root, '--silent', ...NPM_FLAGS], { cwd: REPO_ROOT, encoding: 'utf8' });
    // npm pack prints the tarball's name last among what prepack's build printed.
    tarball = path.join(root, packed.trim().split('\n').filter((line) => line.endsWith('.tgz')).pop()!);
    // Beside it: init through npx from the tarball, then the one install (the tarball and everything package.json lists).
    init = await run('npx', withTarball(steps.initArgs, tarball), root);
    project = path.join(root, steps.projectDir);
    const [cd, installCommand] = steps.installAndTest;
    expect(cd).toEqual(['cd', steps.projectDir]);
    const [npm, ...installArgs] = installCommand;
    install = await run(npm, [...withTarball(installArgs, tarball), ...NPM_FLAGS], project);
  }, 150_000);

  afterAll(() => {
    for (const dir of npxInstallsOf(tarball)) rmSync(dir, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  });

  test('the README names this package’s tarball, the same folder in both paths, and the by-hand packages init writes', () => {
    // Prepare
    const manifest = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const bare = (spec: string) => spec.replace(/(?<=.)@[^@/]*$/, '');

    // Assess
    expect(path.basename(steps.tarballAsWritten)).toBe(`${kit.name}-${kit.version}.tgz`);
    expect(steps.initArgs.slice(-3)).toEqual(['apono-lambda', 'init', steps.projectDir]);
    expect(steps.installAndTest.map((command) => `${command[0]} ${command[1]}`)).toEqual([`cd ${steps.projectDir}`, `npm install`, 'npm test']);
    expect(steps.byHand.dependencies.sort()).toEqual([kit.name, ...ScaffoldRuntimeDependencies].sort());
    expect(steps.byHand.devDependencies.map(bare).sort()).toEqual(Object.keys(ScaffoldDevDependencies).sort());
    expect(Object.keys(manifest.dependencies).sort()).toEqual([kit.name, ...ScaffoldRuntimeDependencies].sort());
    expect(manifest.dependencies[kit.name]).toMatch(/^file:.*\.tgz$/);
  });

  test('init writes the project and prints the next steps; npm install installs it', () => {
    // Assess
    expect(init.stderr).not.toMatch(/apono-lambda:/);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain(`cd ${steps.projectDir}\n  npm install\n  npm test`);
    expect(install.code).toBe(0);
    expect(existsSync(path.join(project, 'node_modules/.bin/apono-lambda'))).toBe(true);
  });

  test('the generated project type-checks (tsc --noEmit), its harness import included', async () => {
    // Act
    const typecheck = await run('npx', ['tsc', '--noEmit'], project);

    // Assess
    expect(typecheck.stdout + typecheck.stderr).toBe('');
    expect(typecheck.code).toBe(0);
  });

  test('npm test passes: jest with ts-jest, through the real handler', async () => {
    // Prepare
    const [, , testCommand] = steps.installAndTest;

    // Act
    const tested = await run(testCommand[0], testCommand.slice(1), project);

    // Assess
    expect(tested.stderr).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    expect(tested.stderr).not.toMatch(/failed|ts-jest\[.*\] \(WARN\)/);
    expect(tested.code).toBe(0);
  });

  test('npm start serves it: the README’s invoke answers through the AWS SDK, and grants list shows the grant', async () => {
    // Prepare
    const served = await startServing(project);
    const lambda = localLambdaClient(served.url);
    try {
      // Act
      const result = await lambda.send(new InvokeCommand({ FunctionName: steps.invoke.functionName, Payload: Buffer.from(JSON.stringify(steps.invoke.payload)) }));
      const listed = await runNode([path.join(project, 'node_modules/.bin/apono-lambda'), ...steps.afterInvoke[0]!], { cwd: project });

      // Assess
      expect(steps.invoke.endpoint).toBe('http://127.0.0.1:9000');
      expect(steps.invoke.usesRawInBase64Out).toBe(true);
      expect(steps.awsInvokeCommand).toMatch(/^AWS_ACCESS_KEY_ID=\S+ AWS_SECRET_ACCESS_KEY=\S+ aws lambda invoke .*--region us-east-1/);
      expect(served.output()).toContain(`function ${steps.invoke.functionName}`);
      expect(served.output()).toContain('reloading on changes under src/');
      expect(result.FunctionError).toBeUndefined();
      expect(decodePayload(result.Payload)).toEqual({ status: 'ok' });
      expect(steps.afterInvoke[0]).toEqual(['grants', 'list']);
      expect(listed.stdout).toMatch(/g-1\s+GRANTED\s+dana@example\.com\s+resource\s+res-1\s+reader/);
    } finally {
      lambda.destroy();
      await served.stop();
    }
  });

  test('npm run build bundles it into the dist-lambda/ that template.yaml deploys, and the bundle answers get-status', async () => {
    // Act
    const [command, ...args] = steps.buildCommand;
    const build = await run(command, args, project);
    const probe = await runNode(
      ['--input-type=module', '-e',
        `const { handler } = await import(${JSON.stringify(path.join(project, 'dist-lambda/index.mjs'))});
         process.stdout.write(JSON.stringify(await handler({ event_type: 'get-status', params: { custom_parameters: {} } }, { awsRequestId: 'r', functionName: 'f', getRemainingTimeInMillis: () => 3000 })));`],
      { cwd: project },
    );

    // Assess
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    expect(build.stdout).toContain('index.handler');
    expect(readFileSync(path.join(project, 'template.yaml'), 'utf8')).toMatch(/CodeUri: dist-lambda\/\n\s+Handler: index\.handler\n\s+Runtime: nodejs24\.x/);
    expect(probe.stdout).toContain('{"status":"active"}');
  });
});
