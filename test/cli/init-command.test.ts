import path from 'node:path';
import * as ts from 'typescript';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { nextSteps } from '../../src/cli/commands/project-commands';
import { functionNameOf, projectPackageName, ScaffoldDevDependencies, scaffoldProject, ScaffoldRuntimeDependencies } from '../../src/cli/init/scaffold-project';
import { GrantTableIamActions } from '../../src/grants/dynamodb';
import { REPO_ROOT, runNode } from '../support/cli-process';
import { CLI_FROM_SOURCE_ANYWHERE } from './cli-outside-repo';

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

const kit = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;

describe('apono-lambda init', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'init-command-'));
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');

  describe('the project it writes', () => {
    let dir: string;
    let manifest: Manifest;
    let files: string[];

    beforeAll(() => {
      dir = path.join(root, 'My Integration');
      ({ files } = scaffoldProject({ dir }));
      manifest = JSON.parse(read(dir, 'package.json')) as Manifest;
    });

    test('has every file, and nothing else', () => {
      // Assess
      expect([...files].sort()).toEqual([
        '.gitignore', 'README.md', 'jest.config.js', 'local.env', 'package.json',
        'src/app-client.ts', 'src/app-parameters.ts', 'src/handler.ts', 'src/integration.ts',
        'template.yaml', 'test/integration.test.ts', 'tsconfig.json',
      ]);
      const written = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
      expect(written).toHaveLength(files.length);
      for (const file of files) expect(read(dir, file)).not.toMatch(/\{\{\w+\}\}/);
    });

    test('package.json: the name made from the folder, this package at its version, the libraries at its ranges, the tools', () => {
      // Assess
      expect(manifest.name).toBe('my-integration');
      expect(manifest.private).toBe(true);
      expect(manifest.dependencies).toEqual({
        'apono-lambda-kit': `^${kit.version}`,
        ...Object.fromEntries(ScaffoldRuntimeDependencies.map((name) => [name, kit.dependencies[name]])),
      });
      expect(Object.keys(manifest.dependencies)).toEqual(expect.arrayContaining(['reflect-metadata', 'tsyringe', 'class-validator', 'class-transformer']));
      expect(manifest.devDependencies).toEqual(ScaffoldDevDependencies);
    });

    test('package.json scripts: jest, serve (watching, with local.env), build, tsc', () => {
      // Assess
      expect(manifest.scripts).toEqual({
        test: 'jest',
        start: 'apono-lambda serve src/handler.ts --watch --env-file local.env --function-name my-integration',
        build: 'apono-lambda build src/handler.ts',
        typecheck: 'tsc --noEmit',
      });
    });

    test('the tools are the versions this repository builds and tests with (TypeScript 5.9, never 6 or 7)', () => {
      // Assess
      expect(ScaffoldDevDependencies.typescript).toBe('~5.9');
      for (const [name, range] of Object.entries(ScaffoldDevDependencies)) expect([name, range]).toEqual([name, kit.devDependencies[name]]);
    });

    test('tsconfig.json: decorators with metadata, CommonJS; jest.config.js: ts-jest and reflect-metadata first', () => {
      // Prepare
      const { compilerOptions } = JSON.parse(read(dir, 'tsconfig.json')) as { compilerOptions: Record<string, unknown> };
      const jestConfig = require(path.join(dir, 'jest.config.js')) as { transform: Record<string, [string, unknown]>; setupFiles: string[] };

      // Assess
      expect(compilerOptions).toMatchObject({ experimentalDecorators: true, emitDecoratorMetadata: true, module: 'commonjs', strict: true });
      expect(compilerOptions.moduleResolution).toBeUndefined(); // node10 for commonjs: typesVersions resolves 'apono-lambda-kit/testing'
      expect(Object.values(jestConfig.transform)[0]![0]).toBe('ts-jest');
      expect(jestConfig.setupFiles).toEqual(['reflect-metadata']);
    });

    test('src/handler.ts exports the handler and its options, with the DynamoDB store named by GRANTS_TABLE', () => {
      // Prepare
      const handler = read(dir, 'src/handler.ts');

      // Assess
      expect(handler).toContain("new DynamoDbGrantStore({ tableName: process.env.GRANTS_TABLE ?? 'apono-grants' })");
      expect(handler).toContain('export const handlerOptions: BootstrapOptions');
      expect(handler).toContain('export const handler = bootstrap(AppIntegration, handlerOptions);');
    });

    test('src/integration.ts has every capability, typed grant data, and @inject on its constructor parameter', () => {
      // Prepare
      const integration = read(dir, 'src/integration.ts');

      // Assess
      for (const capability of ['ListResources', 'Grant', 'Revoke', 'CreateCredentials', 'ResetCredentials', 'DeleteCredentials', 'GetStatus', 'ListAccess']) {
        expect(integration).toContain(`  @${capability}()\n`);
      }
      expect(integration).toContain('extends Integration<AppParameters, AppGrantData>');
      expect(integration).toContain('req: RevokeRequest<AppParameters, AppGrantData>');
      expect(integration).toContain('req.grant?.data?.memberIds');
      expect(integration).toMatch(/constructor\(@inject\(AppClient\) private readonly app: AppClient\)/);
      expect(integration).toContain('TODO');
    });

    test('test/integration.test.ts uses the harness with the handler’s own options, and closes it', () => {
      // Prepare
      const spec = read(dir, 'test/integration.test.ts');

      // Assess
      expect(spec).toContain("import { createTestHarness } from 'apono-lambda-kit/testing';");
      expect(spec).toContain('createTestHarness(AppIntegration, {\n    bootstrap: handlerOptions,\n    providers: [{ token: AppClient, useValue: app }],');
      expect(spec).toMatch(/afterAll\(async \(\) => \{\n\s+await harness\.close\(\);/);
      expect(spec).toContain('// Prepare');
      expect(spec).toContain('// Act');
      expect(spec).toContain('// Assess');
    });

    test('template.yaml: nodejs24.x, the Apono tag, and exactly GrantTableIamActions.runtime on the grants table', () => {
      // Prepare
      const template = read(dir, 'template.yaml');
      const ledger = /- Sid: GrantLedger\n([\s\S]*?)(?=\n\s*- Sid:)/.exec(template)?.[1] ?? '';
      const actions = [...ledger.matchAll(/- (dynamodb:\w+)/g)].map((match) => match[1]);
      const everyDynamoDbAction = [...template.matchAll(/^\s*- (dynamodb:[\w*]+)\s*$/gm)].map((match) => match[1]);

      // Assess
      expect(template).toMatch(/Runtime: nodejs24\.x\n/);
      expect(template).toMatch(/Handler: index\.handler\n/);
      expect(template).toMatch(/Tags:\n\s+apono-connector-access: "true"\n/);
      expect(template).toContain('FunctionName: my-integration\n');
      expect([...actions].sort()).toEqual([...GrantTableIamActions.runtime].sort());
      expect(ledger).toMatch(/Resource: !GetAtt GrantsTable\.Arn$/);
      expect([...everyDynamoDbAction].sort()).toEqual([...GrantTableIamActions.runtime].sort());
      expect(template).not.toMatch(/Resource: '\*'|Resource: "\*"|Resource: \*/);
    });

    test('.gitignore keeps out dependencies, builds and the local store; local.env is loaded by npm start', () => {
      // Assess
      expect(read(dir, '.gitignore').split('\n')).toEqual(expect.arrayContaining(['node_modules/', 'dist-lambda/', '.data/']));
      expect(read(dir, 'local.env')).toMatch(/^LOG_LEVEL=INFO$/m);
    });

    test('type-checks against this repository’s source, tests included (tsc with the project’s own tsconfig.json)', () => {
      // Prepare
      symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
      const config = ts.readConfigFile(path.join(dir, 'tsconfig.json'), ts.sys.readFile).config as { compilerOptions: object };
      const parsed = ts.parseJsonConfigFileContent(
        {
          ...config,
          compilerOptions: {
            ...config.compilerOptions,
            noEmit: true,
            paths: { 'apono-lambda-kit': [path.join(REPO_ROOT, 'src/index.ts')], 'apono-lambda-kit/testing': [path.join(REPO_ROOT, 'src/testing/index.ts')] },
          },
        },
        ts.sys,
        dir,
      );

      // Act
      const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
      const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => `${ts.flattenDiagnosticMessageText(d.messageText, '\n')} (${d.file?.fileName}:${d.start})`);

      // Assess
      expect(parsed.fileNames.map((file) => path.relative(dir, file)).sort()).toEqual([
        'src/app-client.ts', 'src/app-parameters.ts', 'src/handler.ts', 'src/integration.ts', 'test/integration.test.ts',
      ]);
      expect(diagnostics).toEqual([]);
    }, 60_000);
  });

  test('--name sets the package name, and the function name is made from it', () => {
    // Prepare
    const dir = path.join(root, 'named');

    // Act
    const result = scaffoldProject({ dir, name: '@acme/portal-access' });

    // Assess
    expect(result).toMatchObject({ name: '@acme/portal-access', functionName: 'portal-access' });
    expect((JSON.parse(read(dir, 'package.json')) as Manifest).scripts.start).toContain('--function-name portal-access');
    expect(read(dir, 'template.yaml')).toContain('FunctionName: portal-access\n');
  });

  test('writes into an empty folder that exists', () => {
    // Prepare
    const dir = path.join(root, 'empty');
    mkdirSync(dir);

    // Act
    const result = scaffoldProject({ dir });

    // Assess
    expect(result.files).toContain('src/integration.ts');
  });

  test('refuses a folder that is not empty (exit 2), and writes nothing into it', async () => {
    // Prepare
    const dir = path.join(root, 'taken');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'notes.md'), 'mine\n');

    // Act
    const run = await runNode([...CLI_FROM_SOURCE_ANYWHERE, 'init', 'taken'], { cwd: root });

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^apono-lambda: .*taken is not empty \(notes\.md\)/);
    expect(readdirSync(dir)).toEqual(['notes.md']);
  });

  test('refuses a --name npm would refuse, before writing anything', () => {
    // Act
    const scaffold = () => scaffoldProject({ dir: path.join(root, 'bad-name'), name: 'Not Valid' });

    // Assess
    expect(scaffold).toThrow('--name "Not Valid" is not a valid npm package name');
    expect(readdirSync(root)).not.toContain('bad-name');
  });

  test('the CLI prints what it wrote and the next steps, starting with cd into the new folder', async () => {
    // Act
    const run = await runNode([...CLI_FROM_SOURCE_ANYWHERE, 'init', 'printed'], { cwd: root });

    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Created printed in printed/:\n  package.json\n');
    expect(run.stdout).toContain('Next steps:\n  cd printed\n  npm install\n  npm test');
    expect(run.stdout).toContain('npm start');
    expect(run.stdout).toContain('npm run build');
  });

  test('next steps quote a folder name the shell would split, and skip cd for the current folder', () => {
    // Act
    const spaced = nextSteps({ dir: '/work/My Integration', name: 'my-integration', functionName: 'my-integration', files: [] }, '/work');
    const here = nextSteps({ dir: '/work', name: 'work', functionName: 'work', files: [] }, '/work');

    // Assess
    expect(spaced).toContain("  cd 'My Integration'\n");
    expect(here).not.toContain('  cd ');
  });

  test('project and function names follow npm’s and Lambda’s rules', () => {
    // Assess
    expect(projectPackageName('/x/My Integration')).toBe('my-integration');
    expect(projectPackageName('/x/.hidden_thing')).toBe('hidden_thing');
    expect(() => projectPackageName('/x/y', 'UPPER')).toThrow('not a valid npm package name');
    expect(functionNameOf('notes.v2')).toBe('notes-v2');
    expect(functionNameOf('@acme/portal-access')).toBe('portal-access');
    expect(functionNameOf('a'.repeat(80))).toHaveLength(64);
  });
});
