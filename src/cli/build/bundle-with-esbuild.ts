import path from 'node:path';
import type * as Esbuild from 'esbuild';

/** What {@link bundleWithEsbuild} bundles. */
export interface BundleOptions {
  /** The (compiled) handler module. */
  entry: string;
  exportName: string;
  /** The folder that receives `index.mjs` and `chunks/`. */
  outDir: string;
  sourcemap: boolean;
  /** Bare import → file, for tsconfig `paths` aliases. */
  aliases: Record<string, string>;
  /** The project folder: packages resolve from its node_modules (the compiled files live in a temp folder). */
  projectDir: string;
}

/** The entry file name Lambda's `index.handler` setting finds. */
export const BUNDLE_ENTRY_FILE = 'index.mjs';
/** Where code loaded on first use (the AWS SDK behind `DynamoDbGrantStore`) goes. */
export const BUNDLE_CHUNK_DIR = 'chunks';

/**
 * An ES module bundle reaches CommonJS dependencies' `require('node:…')` calls
 * through this, and `__dirname`-free code keeps working.
 */
const REQUIRE_SHIM = "import { createRequire as __aponoCreateRequire } from 'node:module'; const require = __aponoCreateRequire(import.meta.url);";

/**
 * Bundles the handler for the `nodejs22.x` runtime: an ES module `index.mjs`
 * exporting `handler`, minified, with the AWS SDK clients bundled in and
 * tree-shaken (`mainFields: ['module', 'main']` and the package's `module`
 * condition pick ES module builds). Code split: whatever is loaded with a
 * dynamic `import()` — the DynamoDB client behind `DynamoDbGrantStore` — goes
 * to `chunks/`, so a cold start parses only the small entry and the SDK is read
 * when the store is first used.
 *
 * @example
 * ```ts
 * await bundleWithEsbuild({ entry: '/tmp/build/src/handler.js', exportName: 'handler', outDir: 'dist-lambda', sourcemap: false, aliases: {}, projectDir: '.' });
 * ```
 */
export async function bundleWithEsbuild(options: BundleOptions): Promise<Esbuild.Metafile> {
  const esbuild = loadEsbuild(path.dirname(options.entry));
  const exportName = JSON.stringify(options.exportName);
  const result = await esbuild.build({
    stdin: {
      // Re-export under the name Lambda's `index.handler` setting expects, whatever the module calls it.
      contents:
        `import * as handlerModule from ${JSON.stringify(options.entry)};\n` +
        `export const handler = handlerModule[${exportName}];\n` +
        `if (typeof handler !== 'function') throw new Error(${JSON.stringify(`the handler module exports no function named "${options.exportName}"`)});\n`,
      resolveDir: path.dirname(options.entry),
      sourcefile: 'index.mjs',
      loader: 'js',
    },
    bundle: true,
    splitting: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    mainFields: ['module', 'main'],
    conditions: ['module'],
    minify: true,
    keepNames: true,
    sourcemap: options.sourcemap,
    legalComments: 'none',
    banner: { js: REQUIRE_SHIM },
    outdir: options.outDir,
    entryNames: 'index',
    chunkNames: `${BUNDLE_CHUNK_DIR}/[name]-[hash]`,
    outExtension: { '.js': '.mjs' },
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
