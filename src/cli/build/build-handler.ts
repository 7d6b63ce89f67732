import path from 'node:path';
import type * as TypeScript from 'typescript';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { findUp } from '../handler/load-handler-module';
import { BUNDLE_CHUNK_DIR, BUNDLE_ENTRY_FILE, bundleWithEsbuild, leftOutWarning } from './bundle-with-esbuild';
import { spawnSync } from 'node:child_process';

/** The result of compiling a handler module and what it imports. */
export interface TscOutput {
  /** The compiled handler module. */
  entry: string;
  /** Maps a tsconfig `paths` alias to the compiled file it points at. */
  aliases: Record<string, string>;
}

/**
 * Compiles the handler module and its imports with tsc, the one that emits `design:paramtypes`; type errors fail.
 * @example const { entry } = compileWithTsc('src/handler.ts', 'tsconfig.json', '/tmp/build');
 */
export function compileWithTsc(handlerModule: string, tsconfigPath: string, outDir: string): TscOutput {
  const ts = loadTypeScript(path.dirname(handlerModule));
  const rootDir = path.dirname(tsconfigPath);
  const host: TypeScript.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(
    tsconfigPath,
    {
      outDir,
      rootDir,
      noEmit: false,
      declaration: false,
      declarationMap: false,
      composite: false,
      incremental: false,
      sourceMap: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      // ES modules keep `import()` dynamic, so esbuild can split what loads on first use into chunks/.
      module: ts.ModuleKind.ES2022,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
    },
    host,
  );
  if (!parsed) throw new Error(`cannot read ${tsconfigPath}`);
  const program = ts.createProgram({ rootNames: [handlerModule], options: parsed.options });
  const result = program.emit();
  const errors = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics].filter(
    (diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error,
  );
  if (errors.length > 0) {
    const formatted = ts.formatDiagnostics(errors, {
      getCanonicalFileName: (name) => name,
      getCurrentDirectory: () => process.cwd(),
      getNewLine: () => '\n',
    });
    throw new Error(`tsc found ${errors.length} error(s):\n${formatted}`);
  }
  const compiled = (file: string): string => path.join(outDir, path.relative(rootDir, file)).replace(/\.[cm]?tsx?$/, '.js');
  return { entry: compiled(handlerModule), aliases: pathAliases(parsed.options, rootDir, compiled) };
}

/** Exact (non-wildcard) tsconfig `paths` entries, pointed at the compiled output. */
function pathAliases(options: TypeScript.CompilerOptions, rootDir: string, compiled: (file: string) => string): Record<string, string> {
  const aliases: Record<string, string> = {};
  const base = options.baseUrl ?? (options as { pathsBasePath?: string }).pathsBasePath ?? rootDir;
  for (const [alias, targets] of Object.entries(options.paths ?? {})) {
    const [first] = targets;
    if (alias.includes('*') || first === undefined) continue;
    const target = path.resolve(base, first);
    aliases[alias] = /\.[cm]?tsx?$/.test(target) ? compiled(target) : target;
  }
  return aliases;
}

function loadTypeScript(fromDir: string): typeof TypeScript {
  try {
    return require(require.resolve('typescript', { paths: [fromDir, __dirname] })) as typeof TypeScript;
  } catch {
    throw new Error('building a TypeScript handler needs the "typescript" package: npm install --save-dev typescript');
  }
}

/** What {@link buildHandler} builds. */
export interface BuildOptions {
  handlerModule: string;
  exportName?: string;
  /** Output folder; default `dist-lambda`. */
  outDir?: string;
  /** The tsconfig to compile with; default: the nearest above the handler module. */
  tsconfig?: string;
  zip?: boolean;
  sourcemap?: boolean;
}

/** What a build produced. */
export interface BuildResult {
  /** `index.mjs`: what a cold start loads. */
  bundleFile: string;
  bundleBytes: number;
  /** Everything in `chunks/`: loaded on first use (the AWS SDK behind DynamoDbGrantStore). */
  chunkBytes: number;
  zipFile?: string;
  zipBytes?: number;
  /** What the user should know about the bundle (an optional peer left out of it). */
  warnings: string[];
}

/**
 * Builds a deployable Lambda bundle: tsc, then esbuild, then optionally `function.zip`. See docs/local-loop.md#build.
 * @example const { zipFile } = await buildHandler({ handlerModule: 'src/handler.ts', zip: true });
 */
export async function buildHandler(options: BuildOptions): Promise<BuildResult> {
  const handlerModule = path.resolve(options.handlerModule);
  const outDir = path.resolve(options.outDir ?? 'dist-lambda');
  const isTypeScript = /\.[cm]?tsx?$/.test(handlerModule);
  const workDir = mkdtempSync(path.join(tmpdir(), 'apono-lambda-build-'));
  try {
    let entry = handlerModule;
    let aliases: Record<string, string> = {};
    let projectDir = path.dirname(handlerModule);
    if (isTypeScript) {
      const found = options.tsconfig ?? findUp('tsconfig.json', path.dirname(handlerModule));
      if (found === undefined) throw new Error('no tsconfig.json found above the handler module; pass --tsconfig');
      const tsconfig = path.resolve(found);
      projectDir = path.dirname(tsconfig);
      ({ entry, aliases } = compileWithTsc(handlerModule, tsconfig, workDir));
    }
    mkdirSync(outDir, { recursive: true });
    // Chunk names carry hashes: stale ones from an earlier build must not ship.
    for (const stale of [BUNDLE_ENTRY_FILE, `${BUNDLE_ENTRY_FILE}.map`, BUNDLE_CHUNK_DIR, 'function.zip']) {
      rmSync(path.join(outDir, stale), { recursive: true, force: true });
    }
    const { metafile, leftOut } = await bundleWithEsbuild({
      entry,
      exportName: options.exportName ?? 'handler',
      outDir,
      sourcemap: options.sourcemap ?? false,
      aliases,
      projectDir,
    });
    const bundleFile = path.join(outDir, BUNDLE_ENTRY_FILE);
    const chunkBytes = Object.entries(metafile.outputs)
      .filter(([file]) => !file.endsWith('.map') && path.resolve(file) !== bundleFile)
      .reduce((sum, [, output]) => sum + output.bytes, 0);
    const warnings = leftOut.map((peer) => leftOutWarning(peer.name, peer.importedAtRunTime));
    const result: BuildResult = { bundleFile, bundleBytes: statSync(bundleFile).size, chunkBytes, warnings };
    if (options.zip) {
      const zipFile = path.join(outDir, 'function.zip');
      const entries = [BUNDLE_ENTRY_FILE, ...(options.sourcemap ? [`${BUNDLE_ENTRY_FILE}.map`] : [])];
      if (existsSync(path.join(outDir, BUNDLE_CHUNK_DIR))) entries.push(BUNDLE_CHUNK_DIR);
      writeZip(zipFile, outDir, entries);
      Object.assign(result, { zipFile, zipBytes: statSync(zipFile).size });
    }
    return result;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * Zips the bundle folder's entries, relative paths kept (`chunks/` beside `index.mjs`), with the system `zip -X`.
 * @example writeZip('dist-lambda/function.zip', 'dist-lambda', ['index.mjs', 'chunks']);
 */
export function writeZip(zipFile: string, baseDir: string, entries: readonly string[]): void {
  rmSync(zipFile, { force: true });
  const result = spawnSync('zip', ['-q', '-r', '-X', path.resolve(zipFile), ...entries], { cwd: baseDir, encoding: 'utf8' });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error('--zip needs the "zip" program (apt-get install zip / brew install zip); the bundle itself is built');
  }
  if (result.status !== 0) throw new Error(`zip failed: ${result.stderr || result.stdout}`);
}
