import path from 'node:path';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { findUp } from '../handler/load-handler-module';
import { BUNDLE_CHUNK_DIR, BUNDLE_ENTRY_FILE, bundleWithEsbuild, leftOutWarning } from './bundle-with-esbuild';
import { compileWithTsc } from './compile-with-tsc';
import { spawnSync } from 'node:child_process';

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
 * Builds a deployable Lambda bundle: tsc (decorator metadata), then esbuild
 * (a minified `index.mjs` exporting `handler`, and `chunks/` loaded on first
 * use), then optionally `function.zip`.
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
 * Zips the bundle folder's entries (files and folders, with their relative
 * paths: Lambda needs `chunks/` beside `index.mjs`) with the system `zip`.
 * Extra attributes are left out (`-X`) so the same input gives a similar archive.
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
