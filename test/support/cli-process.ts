import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { LambdaClient } from '@aws-sdk/client-lambda';

/** The repository root. */
export const REPO_ROOT = path.resolve(__dirname, '../..');

/** The CLI, run from source through tsx (what `npm start` and the tests use). */
/** `--import tsx` (ESM and CommonJS hooks), as `tsx` itself runs: the framework loads some of its modules with `import()`. */
export const CLI_FROM_SOURCE = ['--import', 'tsx', path.join(REPO_ROOT, 'src/cli/main.ts')];

/** What a finished CLI run printed. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a node command to completion (the CLI, by default from source).
 *
 * @example
 * ```ts
 * const run = await runNode([...CLI_FROM_SOURCE, 'invoke', 'handler.ts', 'get-status']);
 * ```
 */
export function runNode(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  return runCommand(process.execPath, args, options);
}

/**
 * Runs any command (npm, npx) to completion, never throwing on its exit code: tests assert on the outcome.
 *
 * @example
 * ```ts
 * const installed = await runCommand('npm', ['install'], { cwd: project });
 * ```
 */
export function runCommand(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? REPO_ROOT, env: options.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A `serve` running in a child process. */
export interface ServeProcess {
  url: string;
  functionName: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM, then wait for the exit; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts `serve` in a child process and waits for its `listening on <url>` line.
 *
 * @example
 * ```ts
 * const served = await startServeProcess([...CLI_FROM_SOURCE, 'serve', 'handler.ts', '--port', '0']);
 * await served.stop();
 * ```
 */
export function startServeProcess(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, args, { cwd: options.cwd ?? REPO_ROOT, env: options.env ?? process.env });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start within 20 s:\n${output}`));
    }, 20_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+) function (\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1]!,
        functionName: match[2]!,
        child,
        output: () => output,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before listening:\n${output}`));
    });
  });
}

/**
 * A Lambda client for a local endpoint, with fake static credentials.
 *
 * @example
 * ```ts
 * const lambda = localLambdaClient(served.url);
 * ```
 */
export function localLambdaClient(endpoint: string): LambdaClient {
  return new LambdaClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

/**
 * Decodes an InvokeCommand payload as JSON.
 *
 * @example
 * ```ts
 * const answer = decodePayload(result.Payload);
 * ```
 */
export function decodePayload(payload: Uint8Array | undefined): unknown {
  return JSON.parse(Buffer.from(payload ?? new Uint8Array()).toString('utf8'));
}
