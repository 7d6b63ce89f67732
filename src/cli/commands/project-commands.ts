import path from 'node:path';
import { Command } from 'commander';
import { scaffoldProject, type ScaffoldResult } from '../init/scaffold-project';
import { buildHandler } from '../build/build-handler';
import { CliDefaults } from '../constants';

// The commands about the project around the handler: `init` (scaffold one) and `build` (bundle it for Lambda).

interface InitOptions {
  name?: string;
}

/**
 * `apono-lambda init <dir> [--name N]`: a ready project in a new or empty folder.
 *
 * @example
 * ```ts
 * program.addCommand(createInitCommand());
 * // apono-lambda init my-integration   →  my-integration/{package.json, src/integration.ts, …}
 * ```
 */
export function createInitCommand(): Command {
  return new Command('init')
    .description('write a new integration project (integration, handler, tests, SAM template) into a new or empty folder')
    .argument('<dir>', 'the folder to create (it may exist if it is empty)')
    .option('--name <name>', 'the npm package name (default: the folder name); the Lambda function name is made from it')
    .action((dir: string, options: InitOptions) => {
      const result = scaffoldProject({ dir, name: options.name });
      process.stdout.write(nextSteps(result));
    });
}

/**
 * What `init` prints: what it wrote, then the commands to run next.
 * @example process.stdout.write(nextSteps(scaffoldProject({ dir: 'my-integration' })));
 */
export function nextSteps(result: ScaffoldResult, cwd: string = process.cwd()): string {
  const where = path.relative(cwd, result.dir) || '.';
  const quoted = /^[\w./@-]+$/.test(where) ? where : `'${where.replace(/'/g, `'\\''`)}'`;
  return [
    `Created ${result.name} in ${where}${path.sep}:`,
    ...result.files.map((file) => `  ${file}`),
    '',
    'Next steps:',
    ...(where === '.' ? [] : [`  cd ${quoted}`]),
    '  npm install',
    '  npm test          # jest + ts-jest, through the real handler',
    `  npm start         # serve it on http://127.0.0.1:9000 (function ${result.functionName}), reloading on changes`,
    '  npm run build     # dist-lambda/ for nodejs22.x; then: sam deploy --guided (template.yaml)',
    '',
    'Then replace the TODOs in src/app-client.ts and src/integration.ts with your application.',
    '',
  ].join('\n');
}

interface BuildCommandOptions {
  out: string;
  zip?: boolean;
  sourcemap?: boolean;
  tsconfig?: string;
  export: string;
}

/**
 * `apono-lambda build <handler-module>`: a deployable `index.mjs` (and `function.zip`).
 *
 * @example
 * ```ts
 * program.addCommand(createBuildCommand());
 * // apono-lambda build src/handler.ts --zip   →  dist-lambda/index.mjs, dist-lambda/chunks/, dist-lambda/function.zip
 * ```
 */
export function createBuildCommand(): Command {
  return new Command('build')
    .description('bundle a handler module for the nodejs22.x and nodejs24.x runtimes (tsc, then esbuild)')
    .argument('<handler-module>', 'the module exporting the handler (.ts or .js)')
    .option('--out <dir>', 'the output folder', 'dist-lambda')
    .option('--zip', 'also write function.zip (needs the zip program)')
    .option('--sourcemap', 'also write source maps')
    .option('--tsconfig <file>', 'the tsconfig to compile with (default: the nearest one)')
    .option('--export <name>', 'the exported handler function', CliDefaults.exportName)
    .action(async (handlerModule: string, options: BuildCommandOptions) => {
      const result = await buildHandler({
        handlerModule,
        outDir: options.out,
        zip: options.zip,
        sourcemap: options.sourcemap,
        tsconfig: options.tsconfig,
        exportName: options.export,
      });
      for (const warning of result.warnings) process.stderr.write(`apono-lambda build: warning: ${warning}\n`);
      const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
      process.stdout.write(`${path.relative(process.cwd(), result.bundleFile)}  ${kb(result.bundleBytes)} (loaded at cold start)\n`);
      if (result.chunkBytes > 0) process.stdout.write(`chunks/  ${kb(result.chunkBytes)} (loaded on first use)\n`);
      if (result.zipFile && result.zipBytes !== undefined) {
        process.stdout.write(`${path.relative(process.cwd(), result.zipFile)}  ${kb(result.zipBytes)}\n`);
      }
      process.stdout.write('Lambda handler setting: index.handler (runtime nodejs24.x or nodejs22.x)\n');
    });
}
