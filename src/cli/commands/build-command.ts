import { Command } from 'commander';
import path from 'node:path';
import { buildHandler } from '../build/build-handler';
import { CliDefaults } from '../constants';

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
