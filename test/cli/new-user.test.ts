/**
 * The "write your first integration" steps of the README, done as a new user
 * would: the package built and installed (here: `npm run build`'s output plus
 * symlinks to this checkout's node_modules, standing in for `npm install`),
 * one new .ts file in an empty folder, then `npx apono-lambda invoke` and
 * `npx apono-lambda serve`.
 */
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodePayload, localLambdaClient, REPO_ROOT, runNode, startServeProcess, type ServeProcess } from '../support/cli-process';

/** README step 3: tsconfig.json. */
const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'commonjs',
    strict: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    esModuleInterop: true,
    skipLibCheck: true,
  },
};

/** README step 4: src/handler.ts. */
const HANDLER_SOURCE = `import { bootstrap, DynamoDbGrantStore, Grant, Integration, ListResources, Revoke } from 'apono-lambda-kit';
import type { GrantRequest, ListResourcesRequest, RevokeRequest } from 'apono-lambda-kit';
import { injectable } from 'tsyringe';

const members = new Map<string, string>(); // stands in for your application's API

@injectable()
export class NotesIntegration extends Integration {
  @ListResources()
  async notebooks(req: ListResourcesRequest) {
    return {
      resources: [{ id: 'nb-1', name: 'Team notebook', metadata: { owner: 'team@example.com' } }],
      permissions: [{ id: 'editor', name: 'Editor' }],
    };
  }

  @Grant()
  async grant(req: GrantRequest) {
    members.set(req.username, req.permission);
    return { data: { addedAt: Date.now() } };
  }

  @Revoke()
  async revoke(req: RevokeRequest) {
    members.delete(req.username);
  }
}

export const handler = bootstrap(NotesIntegration, {
  store: new DynamoDbGrantStore({ tableName: process.env.GRANTS_TABLE ?? 'apono-grants' }),
});
`;

describe('a new user’s first integration, outside this repository', () => {
  let root: string;
  let project: string;
  let served: ServeProcess | undefined;
  const cli = () => path.join(project, 'node_modules/.bin/apono-lambda');

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'new-user-'));
    // Step 1 (in the clone): npm ci && npm run build — here built into a package folder of its own.
    const pkg = path.join(root, 'apono-lambda-kit');
    mkdirSync(pkg);
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(REPO_ROOT, 'tsconfig.build.json'), '--outDir', path.join(pkg, 'dist')], {
      stdio: 'pipe',
    });
    copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(pkg, 'package.json'));
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(pkg, 'node_modules'));
    // Step 2: mkdir my-integration && npm init -y && npm install <the package> tsyringe (+ dev: tsx).
    project = path.join(root, 'my-integration');
    mkdirSync(path.join(project, 'node_modules/.bin'), { recursive: true });
    mkdirSync(path.join(project, 'src'));
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'my-integration', version: '1.0.0', private: true }));
    symlinkSync(pkg, path.join(project, 'node_modules/apono-lambda-kit'));
    for (const dependency of ['tsyringe', 'tsx']) {
      symlinkSync(path.join(REPO_ROOT, 'node_modules', dependency), path.join(project, 'node_modules', dependency));
    }
    chmodSync(path.join(pkg, 'dist/cli/main.js'), 0o755);
    symlinkSync(path.join(pkg, 'dist/cli/main.js'), cli());
    // Steps 3 and 4: the two files.
    writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
    writeFileSync(path.join(project, 'src/handler.ts'), HANDLER_SOURCE);
  }, 120_000);

  afterAll(async () => {
    await served?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('step 5: npx apono-lambda invoke runs the new TypeScript integration', async () => {
    // Act
    const run = await runNode([cli(), 'invoke', 'src/handler.ts', 'list-resources', '--param', 'resource_type=notebook'], { cwd: project });

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
    served = await startServeProcess([cli(), 'serve', 'src/handler.ts', '--port', '0', '--function-name', 'notes'], { cwd: project });
    const lambda = localLambdaClient(served.url);
    const grant = {
      event_type: 'grant-access',
      params: { grant_id: 'first-grant', username: 'dana@example.com', resource_type: 'notebook', resources: ['nb-1'], permission: 'editor', custom_parameters: {} },
    };

    // Act
    const result = await lambda.send(new InvokeCommand({ FunctionName: 'notes', Payload: Buffer.from(JSON.stringify(grant)) }));
    lambda.destroy();
    const listed = await runNode([cli(), 'grants', 'list'], { cwd: project });

    // Assess
    expect(result.FunctionError).toBeUndefined();
    expect(decodePayload(result.Payload)).toEqual({ status: 'ok' });
    expect(listed.stdout).toMatch(/first-grant\s+GRANTED\s+dana@example\.com\s+notebook\s+nb-1\s+editor/);
  });
});
