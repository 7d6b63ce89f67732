/**
 * `apono-lambda build` in a project that never installed the optional peer
 * `@aws-sdk/client-dynamodb`: the package built from this clone into the
 * project's node_modules (a copy, not a link, so nothing resolves from this
 * repository's node_modules), its runtime dependencies linked beside it.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI_FROM_SOURCE, REPO_ROOT, runNode, type CliRun } from '../support/cli-process';

const MEMORY_ONLY_HANDLER = `
import { bootstrap, Grant, injectable, Integration, ListResources, MemoryGrantStore, Revoke } from 'apono-lambda-kit';
import type { GrantRequest } from 'apono-lambda-kit';

@injectable()
export class MemoryOnlyIntegration extends Integration {
  @ListResources()
  async list() {
    return { resources: [{ id: 'nb-1', name: 'Notebook' }], permissions: [{ id: 'editor', name: 'Editor' }] };
  }

  @Grant()
  async grant(req: GrantRequest) {
    return { data: { member: req.username } };
  }

  @Revoke()
  async revoke() {}
}

export const handler = bootstrap(MemoryOnlyIntegration, { store: new MemoryGrantStore() });
`;

/** The same integration on the DynamoDB store: the one thing that needs the missing package. */
const DYNAMODB_HANDLER = `
import { bootstrap, DynamoDbGrantStore } from 'apono-lambda-kit';
import { MemoryOnlyIntegration } from './handler';

export const handler = bootstrap(MemoryOnlyIntegration, { store: new DynamoDbGrantStore({ tableName: 'grants' }) });
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022', module: 'commonjs', strict: true, experimentalDecorators: true,
    emitDecoratorMetadata: true, esModuleInterop: true, skipLibCheck: true,
  },
};

/** The package as npm would install it, compiled from this clone's src (ES modules, with declarations). */
async function installKitCopy(nodeModules: string): Promise<void> {
  const kitDir = path.join(nodeModules, 'apono-lambda-kit');
  const tsc = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
  const compiled = await runNode([tsc, '-p', path.join(REPO_ROOT, 'tsconfig.esm.json'), '--outDir', path.join(kitDir, 'dist'), '--declaration']);
  if (compiled.code !== 0) throw new Error(`compiling the package failed:\n${compiled.stdout}${compiled.stderr}`);
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(
    path.join(kitDir, 'package.json'),
    JSON.stringify({
      name: manifest.name, version: manifest.version, sideEffects: false,
      main: 'dist/index.js', module: 'dist/index.js', types: 'dist/index.d.ts',
      dependencies: manifest.dependencies, peerDependencies: manifest.peerDependencies, peerDependenciesMeta: manifest.peerDependenciesMeta,
    }),
  );
  for (const dependency of [...Object.keys(manifest.dependencies as object), '@types/node']) {
    const link = path.join(nodeModules, dependency);
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(path.join(REPO_ROOT, 'node_modules', dependency), link, 'dir');
  }
}

/** Loads the bundle in a fresh node and answers each event: one `ANSWER <json>` (or `ERROR <message>`) line each. */
function runBundle(bundle: string, events: readonly unknown[]): Promise<CliRun> {
  return runNode(
    [
      '--input-type=module', '-e',
      `const { handler } = await import(${JSON.stringify(bundle)});
       const context = { awsRequestId: 'r', functionName: 'memory-only', getRemainingTimeInMillis: () => 3000 };
       for (const event of ${JSON.stringify(events)}) {
         try { process.stdout.write('ANSWER ' + JSON.stringify(await handler(event, context)) + '\\n'); }
         catch (err) { process.stdout.write('ERROR ' + err.message + '\\n'); }
       }`,
    ],
    { cwd: path.dirname(bundle), env: { PATH: process.env.PATH } },
  );
}

describe('apono-lambda build without @aws-sdk/client-dynamodb installed', () => {
  let root: string;
  let project: string;
  let build: CliRun;
  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'build-no-sdk-'));
    project = path.join(root, 'memory-only');
    mkdirSync(path.join(project, 'src'), { recursive: true });
    await installKitCopy(path.join(project, 'node_modules'));
    writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    writeFileSync(path.join(project, 'src/handler.ts'), MEMORY_ONLY_HANDLER);
    build = await runNode([...CLI_FROM_SOURCE, 'build', path.join(project, 'src/handler.ts'), '--out', path.join(project, 'dist-lambda')]);
  }, 90_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('the project cannot resolve @aws-sdk/client-dynamodb from the installed package (the premise)', () => {
    // Act
    const attempt = () => require.resolve('@aws-sdk/client-dynamodb', { paths: [path.join(project, 'node_modules/apono-lambda-kit/dist')] });

    // Assess
    expect(attempt).toThrow();
  });

  test('builds a handler that uses only MemoryGrantStore, with a warning that names the missing package', () => {
    // Assess
    expect(build.code).toBe(0);
    expect(build.stderr).toContain('@aws-sdk/client-dynamodb is not installed');
    expect(build.stderr).toContain('the handler does not use it');
  });

  test('the bundle answers get-status and a grant with the memory store', async () => {
    // Prepare
    const grant = {
      event_type: 'grant-access',
      params: { grant_id: 'g-1', username: 'dana@example.com', resource_type: 'notebook', resources: ['nb-1'], permission: 'editor', custom_parameters: {} },
    };

    // Act
    const run = await runBundle(path.join(project, 'dist-lambda/index.mjs'), [{ event_type: 'get-status', params: {} }, grant]);

    // Assess
    expect(run.stderr).not.toMatch(/Cannot find|ERR_MODULE_NOT_FOUND/);
    const answers = run.stdout.split('\n').filter((line) => /^(ANSWER|ERROR) /.test(line)); // the framework logs JSON lines beside them
    expect(answers).toEqual(['ANSWER {"status":"active"}', 'ANSWER {"status":"ok"}']);
  });

  test('warns, and still builds, when the handler uses DynamoDbGrantStore: the bundle imports the package at run time', async () => {
    // Prepare
    writeFileSync(path.join(project, 'src/dynamodb-handler.ts'), DYNAMODB_HANDLER);

    // Act
    const run = await runNode([...CLI_FROM_SOURCE, 'build', path.join(project, 'src/dynamodb-handler.ts'), '--out', path.join(project, 'dist-dynamodb')]);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('@aws-sdk/client-dynamodb is not installed');
    expect(run.stderr).toContain('the handler uses DynamoDbGrantStore');
    expect(run.stderr).toContain('npm install @aws-sdk/client-dynamodb');
  }, 60_000);
});
