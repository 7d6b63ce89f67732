import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type * as Esbuild from 'esbuild';
import { importedAtRunTime, optionalPeersPlugin } from './optional-peers';

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

/** What a bundle is made of, and which optional peers were left out of it. */
export interface BundleResult {
  metafile: Esbuild.Metafile;
  /** Optional peers that did not resolve and stayed external, each with whether the shipped code still imports it. */
  leftOut: Array<{ name: string; importedAtRunTime: boolean }>;
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
 * when the store is first used. A handler that loads nothing later is one file.
 * An optional peer that is not installed stays external instead of failing the
 * build (see `optionalPeersPlugin`).
 *
 * @example
 * ```ts
 * await bundleWithEsbuild({ entry: '/tmp/build/src/handler.js', exportName: 'handler', outDir: 'dist-lambda', sourcemap: false, aliases: {}, projectDir: '.' });
 * ```
 */
export async function bundleWithEsbuild(options: BundleOptions): Promise<BundleResult> {
  const esbuild = loadEsbuild(path.dirname(options.entry));
  const leftOut = new Set<string>();
  const settings = buildOptions(options, leftOut);
  const split = await esbuild.build({ ...settings, splitting: true, write: false });
  const reachable = reachableOutputs(split.metafile, path.resolve(options.outDir, BUNDLE_ENTRY_FILE));
  let metafile: Esbuild.Metafile;
  if (!reachable.loadsOnFirstUse) {
    // Nothing is loaded later: one file, and no shared chunk to load beside it at cold start.
    metafile = (await esbuild.build({ ...settings, splitting: false })).metafile;
  } else {
    // esbuild emits a chunk for every dynamic import in the module graph, even in code it
    // tree-shook away; only what the entry can reach ships.
    mkdirSync(path.join(options.outDir, BUNDLE_CHUNK_DIR), { recursive: true });
    for (const file of split.outputFiles) {
      if (reachable.files.has(path.resolve(file.path))) writeFileSync(file.path, file.contents);
    }
    metafile = {
      inputs: split.metafile.inputs,
      outputs: Object.fromEntries(Object.entries(split.metafile.outputs).filter(([file]) => reachable.files.has(path.resolve(file)))),
    };
  }
  const imported = new Set(importedAtRunTime(metafile, leftOut));
  return { metafile, leftOut: [...leftOut].map((name) => ({ name, importedAtRunTime: imported.has(name) })) };
}

function buildOptions(options: BundleOptions, leftOut: Set<string>): Esbuild.BuildOptions & { metafile: true } {
  const exportName = JSON.stringify(options.exportName);
  return {
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
    plugins: [aliasPlugin(options.aliases), optionalPeersPlugin(leftOut)],
  };
}

/** The output files the entry loads, at once or on first use (absolute paths, source maps included). */
function reachableOutputs(metafile: Esbuild.Metafile, entryFile: string): { files: Set<string>; loadsOnFirstUse: boolean } {
  const entry = Object.keys(metafile.outputs).find((file) => path.resolve(file) === entryFile);
  const files = new Set<string>();
  let loadsOnFirstUse = false;
  const visit = (file: string): void => {
    const absolute = path.resolve(file);
    if (files.has(absolute) || metafile.outputs[file] === undefined) return;
    files.add(absolute);
    files.add(`${absolute}.map`);
    for (const imported of metafile.outputs[file].imports) {
      if (imported.external) continue;
      if (imported.kind === 'dynamic-import') loadsOnFirstUse = true;
      visit(imported.path);
    }
  };
  if (entry !== undefined) visit(entry);
  return { files, loadsOnFirstUse };
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
