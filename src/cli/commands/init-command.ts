import { Command } from 'commander';
import path from 'node:path';
import { scaffoldProject, type ScaffoldResult } from '../init/scaffold-project';

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
