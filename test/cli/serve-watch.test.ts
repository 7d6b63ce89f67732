/**
 * `apono-lambda serve --watch`: a change under the handler module's folder reloads
 * the handler (debounced), the next invocation answers from the new code, and the
 * embedded store stays up across reloads.
 */
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI_FROM_SOURCE_ANYWHERE } from './cli-outside-repo';
import { decodePayload, localLambdaClient, REPO_ROOT, startServeProcess, type ServeProcess } from '../support/cli-process';

const FRAMEWORK = JSON.stringify(path.join(REPO_ROOT, 'src/index.ts'));

/** The handler module: it imports its answer from a second module, so a change to either must reload it. */
const HANDLER_SOURCE = `
import { bootstrap, DynamoDbGrantStore, Grant, Integration, ListResources, Revoke, injectable } from ${FRAMEWORK};
import type { RevokeRequest } from ${FRAMEWORK};
import { VERSION } from './version';

@injectable()
class WatchedIntegration extends Integration {
  @ListResources() list() { return { resources: [{ id: 'r-1', name: VERSION }], permissions: [] }; }
  @Grant() grant() { return { data: { grantedBy: VERSION } }; }
  @Revoke() revoke(req: RevokeRequest) {
    // Only a store that survived the reload still has the grant's record.
    if (req.grant === undefined) throw new Error('revoke ran without the tracked grant record');
  }
}

export const handler = bootstrap(WatchedIntegration, { store: new DynamoDbGrantStore({ tableName: process.env.GRANTS_TABLE! }) });
`;

/** serve's JSON log line for a finished reload. */
const RELOADED = '"message":"reloaded"';

const versionSource = (version: string) => `export const VERSION: string = ${JSON.stringify(version)};\n`;

// tsx applies a tsconfig to the files it includes only: the framework's source, imported by path, needs decorators too.
const TSCONFIG = JSON.stringify({
  compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, experimentalDecorators: true, emitDecoratorMetadata: true, useDefineForClassFields: false },
  include: ['src', path.join(REPO_ROOT, 'src')],
});

const access = (eventType: 'grant-access' | 'revoke-access') => ({
  event_type: eventType,
  params: { grant_id: 'g-watch', username: 'dana@example.com', resource_type: 'resource', resources: ['r-1'], permission: 'reader', custom_parameters: {} },
});

describe('serve --watch', () => {
  let project: string;
  let served: ServeProcess | undefined;

  beforeAll(() => {
    project = mkdtempSync(path.join(tmpdir(), 'serve-watch-'));
    mkdirSync(path.join(project, 'src'));
    writeFileSync(path.join(project, 'tsconfig.json'), TSCONFIG);
    writeFileSync(path.join(project, 'src/handler.ts'), HANDLER_SOURCE);
    writeFileSync(path.join(project, 'src/version.ts'), versionSource('v1'));
  });
  afterAll(async () => {
    await served?.stop();
    rmSync(project, { recursive: true, force: true });
  });

  const invoke = async (event: unknown) => {
    const lambda = localLambdaClient(served!.url);
    try {
      const result = await lambda.send(new InvokeCommand({ FunctionName: 'watched', Payload: Buffer.from(JSON.stringify(event)) }));
      return { functionError: result.FunctionError, answer: decodePayload(result.Payload) as Record<string, unknown> };
    } finally {
      lambda.destroy();
    }
  };
  const servedName = async () => ((await invoke({ event_type: 'list-resources', params: { resource_type: 'resource' } })).answer.resources as Array<{ name: string }>)?.[0]?.name;
  /** Waits until the server's output has `count` occurrences of `text`. */
  const outputCount = (text: string) => served!.output().split(text).length - 1;
  const waitForOutput = async (text: string, count: number) => {
    const deadline = Date.now() + 10_000;
    while (outputCount(text) < count) {
      if (Date.now() > deadline) throw new Error(`no "${text}" (${count}) in:\n${served!.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  test('the invocation after a change answers from the new code, and the grant ledger outlives the reload', async () => {
    // Prepare
    served = await startServeProcess(
      [...CLI_FROM_SOURCE_ANYWHERE, 'serve', 'src/handler.ts', '--watch', '--port', '0', '--function-name', 'watched', '--data-dir', '.data'],
      { cwd: project },
    );
    const before = await servedName();
    const granted = await invoke(access('grant-access'));

    // Act
    writeFileSync(path.join(project, 'src/version.ts'), versionSource('v2'));
    // Only the change seen, not the reload done: an invocation waits for a pending reload.
    await waitForOutput('change detected', 1);
    const after = await servedName();
    const revoked = await invoke(access('revoke-access'));

    // Assess
    expect(before).toBe('v1');
    expect(granted).toEqual({ functionError: undefined, answer: { status: 'ok' } });
    expect(after).toBe('v2');
    expect(revoked).toEqual({ functionError: undefined, answer: { status: 'ok' } });
    expect(outputCount('listening on')).toBe(1);
  });

  test('a burst of writes is one reload', async () => {
    // Prepare
    const reloadsBefore = outputCount(RELOADED);

    // Act
    for (const version of ['v3', 'v4', 'v5', 'v6']) writeFileSync(path.join(project, 'src/version.ts'), versionSource(version));
    await waitForOutput(RELOADED, reloadsBefore + 1);
    await new Promise((resolve) => setTimeout(resolve, 600));

    // Assess
    expect(outputCount(RELOADED)).toBe(reloadsBefore + 1);
    expect(await servedName()).toBe('v6');
  });

  test('a module that fails to load answers its error until it is fixed, and the server keeps running', async () => {
    // Prepare
    const reloadsBefore = outputCount(RELOADED);

    // Act
    writeFileSync(path.join(project, 'src/version.ts'), 'export const VERSION: string = ;\n');
    await waitForOutput('reload failed', 1);
    const broken = await invoke({ event_type: 'get-status', params: {} });
    writeFileSync(path.join(project, 'src/version.ts'), versionSource('v7'));
    await waitForOutput(RELOADED, reloadsBefore + 1);
    const fixed = await servedName();

    // Assess
    expect(broken.functionError).toBe('Unhandled');
    expect(broken.answer.errorType).toBe('Runtime.UserCodeSyntaxError');
    expect(fixed).toBe('v7');
  });

  test('writes outside the handler’s folder, in node_modules, or to files that are not code reload nothing', async () => {
    // Prepare
    const changesBefore = outputCount('change detected');
    mkdirSync(path.join(project, 'src/node_modules/dep'), { recursive: true });

    // Act
    writeFileSync(path.join(project, 'src/node_modules/dep/index.js'), 'module.exports = 1;\n');
    writeFileSync(path.join(project, 'src/notes.txt'), 'not code\n');
    writeFileSync(path.join(project, 'src/out.json'), '{"status":"ok"}');
    writeFileSync(path.join(project, 'outside.ts'), 'export {};\n');
    await new Promise((resolve) => setTimeout(resolve, 600));

    // Assess
    expect(outputCount('change detected')).toBe(changesBefore);
  });
});
