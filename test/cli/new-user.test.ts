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
import { decodePayload, localLambdaClient, REPO_ROOT, runNode, startServeProcess, type ServeProcess } from '../support/cli-process';

/** README step 2: what a new project installs besides the package. */
const DEV_PACKAGES = ['typescript@~5.9', '@types/node@^20', 'tsx', 'esbuild', 'dynalite', '@aws-sdk/client-dynamodb'];

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

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
const HANDLER_SOURCE = `import { bootstrap, DynamoDbGrantStore, Grant, injectable, Integration, ListResources, Revoke } from 'apono-lambda-kit';
import type { GrantRequest, ListResourcesRequest, RevokeRequest } from 'apono-lambda-kit';

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
    // Step 1 (in the clone): npm pack (its prepack script builds the package).
    const tarball = path.join(root, npm(['pack', '--pack-destination', root, '--silent'], REPO_ROOT).trim().split('\n').pop()!);
    // Step 2: a new project with the package and the development tools.
    project = path.join(root, 'my-integration');
    mkdirSync(path.join(project, 'src'), { recursive: true });
    npm(['init', '-y'], project);
    npm(['install', tarball], project);
    npm(['install', '--save-dev', ...DEV_PACKAGES], project);
    // Steps 3 and 4: the two files.
    writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
    writeFileSync(path.join(project, 'src/handler.ts'), HANDLER_SOURCE);
  }, 170_000);

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

  test('step 7: npx apono-lambda build bundles it into an index.mjs that answers', async () => {
    // Act
    const build = await runNode([cli(), 'build', 'src/handler.ts', '--zip'], { cwd: project });
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
