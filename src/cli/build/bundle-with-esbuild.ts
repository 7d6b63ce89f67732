import path from 'node:path';
import type * as Esbuild from 'esbuild';

/** What {@link bundleWithEsbuild} bundles. */
export interface BundleOptions {
  /** The (compiled) handler module. */
  entry: string;
  exportName: string;
  outFile: string;
  sourcemap: boolean;
  /** Bare import → file, for tsconfig `paths` aliases. */
  aliases: Record<string, string>;
  /** The project folder: packages resolve from its node_modules (the compiled files live in a temp folder). */
  projectDir: string;
}

/**
 * Bundles the handler into one CommonJS file exporting `handler`, for the
 * `nodejs22.x` runtime: minified, the AWS SDK clients bundled in and
 * tree-shaken (`mainFields: ['module', 'main']` picks their ES module builds),
 * which loads faster than the runtime's own copy from `node_modules`.
 *
 * @example
 * ```ts
 * await bundleWithEsbuild({ entry: '/tmp/build/src/handler.js', exportName: 'handler', outFile: 'dist-lambda/index.js', sourcemap: false, aliases: {}, projectDir: '.' });
 * ```
 */
export async function bundleWithEsbuild(options: BundleOptions): Promise<Esbuild.Metafile> {
  const esbuild = loadEsbuild(path.dirname(options.entry));
  const result = await esbuild.build({
    stdin: {
      // Re-export under the name Lambda's `index.handler` setting expects, whatever the module calls it.
      contents: `module.exports.handler = require(${JSON.stringify(options.entry)})[${JSON.stringify(options.exportName)}];`,
      resolveDir: path.dirname(options.entry),
      loader: 'js',
    },
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    mainFields: ['module', 'main'],
    minify: true,
    keepNames: true,
    sourcemap: options.sourcemap,
    legalComments: 'none',
    outfile: options.outFile,
    metafile: true,
    logLevel: 'warning',
    nodePaths: nodeModulesAbove(options.projectDir),
    plugins: [aliasPlugin(options.aliases)],
  });
  return result.metafile;
}

function aliasPlugin(aliases: Record<string, string>): Esbuild.Plugin {
  return {
    name: 'tsconfig-paths',
    setup(build) {
      const names = Object.keys(aliases);
      if (names.length === 0) return;
      const filter = new RegExp(`^(${names.map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
      build.onResolve({ filter }, (args) => ({ path: aliases[args.path] }));
    },
  };
}

function nodeModulesAbove(dir: string): string[] {
  const found: string[] = [];
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    found.push(path.join(current, 'node_modules'));
    if (path.dirname(current) === current) return found;
  }
}

function loadEsbuild(fromDir: string): typeof Esbuild {
  try {
    return require(require.resolve('esbuild', { paths: [fromDir, process.cwd(), __dirname] })) as typeof Esbuild;
  } catch {
    throw new Error('building needs the "esbuild" package: npm install --save-dev esbuild');
  }
}
