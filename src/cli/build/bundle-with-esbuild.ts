import type * as Esbuild from 'esbuild';
import path from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';

/** Optional peers the framework imports lazily: a handler that never uses them builds without them. */
export const OPTIONAL_RUNTIME_PEERS = ['@aws-sdk/client-dynamodb'] as const;

const USED_BY: Readonly<Record<string, string>> = { '@aws-sdk/client-dynamodb': 'DynamoDbGrantStore' };

/** Marks the plugin's own look-up, so that it does not answer itself. */
const RESOLVING = Symbol('optional-peer-resolving');

/**
 * An esbuild plugin: an optional peer that does not resolve stays external (named in `leftOut`), no failure.
 * @example await esbuild.build({ ...options, plugins: [optionalPeersPlugin(leftOut)] });
 */
export function optionalPeersPlugin(leftOut: Set<string>): Esbuild.Plugin {
  const filter = new RegExp(`^(${OPTIONAL_RUNTIME_PEERS.map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
  return {
    name: 'optional-runtime-peers',
    setup(build) {
      build.onResolve({ filter }, async (args) => {
        if (args.pluginData === RESOLVING) return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: RESOLVING,
        });
        if (resolved.errors.length === 0) {
          const { path, external, namespace, sideEffects, suffix, pluginData } = resolved;
          return { path, external, namespace, sideEffects, suffix, pluginData };
        }
        leftOut.add(args.path);
        return { path: args.path, external: true };
      });
    },
  };
}

/**
 * The peers of `leftOut` that the shipped outputs still import.
 * @example importedAtRunTime(metafile, leftOut); // ['@aws-sdk/client-dynamodb'] when the handler uses DynamoDbGrantStore
 */
export function importedAtRunTime(metafile: Esbuild.Metafile, leftOut: ReadonlySet<string>): string[] {
  const imported = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const entry of output.imports) if (entry.external && leftOut.has(entry.path)) imported.add(entry.path);
  }
  return [...imported];
}

/**
 * The build warning for a peer left out: harmless, or looked for at run time.
 * @example leftOutWarning('@aws-sdk/client-dynamodb', false);
 */
export function leftOutWarning(name: string, imported: boolean): string {
  const user = USED_BY[name] ?? name;
  const left = `${name} is not installed, so it is left out of the bundle`;
  if (!imported) return `${left}; the handler does not use it (no ${user}), so nothing is missing. Install it (npm install ${name}) before using ${user}.`;
  return (
    `${left}, but the handler uses ${user}: the bundle imports ${name} when the store is first used, from wherever ` +
    `Node finds it then (Lambda's Node.js runtimes carry an AWS SDK of their own version), at a slower cold start. ` +
    `Install it (npm install ${name}) to bundle it.`
  );
}

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

/** Defines `require` in the ES module bundle, for the `require('node:…')` calls of CommonJS dependencies. */
const REQUIRE_SHIM = "import { createRequire as __aponoCreateRequire } from 'node:module'; const require = __aponoCreateRequire(import.meta.url);";

/**
 * Bundles the handler: a minified ES module `index.mjs`, and `chunks/` for what loads on first use.
 * See docs/local-loop.md#build.
 * @example await bundleWithEsbuild({ entry: '/tmp/build/src/handler.js', exportName: 'handler', outDir: 'dist-lambda', sourcemap: false, aliases: {}, projectDir: '.' });
 */
export async function bundleWithEsbuild(options: BundleOptions): Promise<BundleResult> {
  const esbuild = loadEsbuild(options.projectDir, path.dirname(options.entry));
  const leftOut = new Set<string>();
  const settings = buildOptions(options, leftOut);
  const split = await esbuild.build({ ...settings, splitting: true, write: false });
  const reachable = reachableOutputs(split.metafile, path.resolve(options.outDir, BUNDLE_ENTRY_FILE));
  let metafile: Esbuild.Metafile;
  if (!reachable.loadsOnFirstUse) {
    metafile = (await esbuild.build({ ...settings, splitting: false })).metafile;
  } else {
    // esbuild emits a chunk for every dynamic import, even in code it tree-shook away: ship what the entry reaches.
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
        // As serve finds it (load-handler-module's pickExport): the export, else the default export's (tsc's `export default { handler }`).
        `const pick = (m) => m?.[${exportName}] ?? (m && typeof m.default === 'object' ? m.default?.[${exportName}] : undefined);\n` +
        // Read off a copy: esbuild warns about `.default` on a namespace that has none.
        `export const handler = pick(handlerModule) ?? pick(Object.assign({}, handlerModule).default);\n` +
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

function loadEsbuild(projectDir: string, entryDir: string): typeof Esbuild {
  try {
    // The project's own first: a TypeScript handler's compiled entry lives in a temporary folder.
    return require(require.resolve('esbuild', { paths: [projectDir, entryDir, process.cwd(), __dirname] })) as typeof Esbuild;
  } catch {
    throw new Error('building needs the "esbuild" package: npm install --save-dev esbuild');
  }
}
