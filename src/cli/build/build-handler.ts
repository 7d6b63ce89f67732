import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findUp } from '../handler/load-handler-module';
import { bundleWithEsbuild } from './bundle-with-esbuild';
import { compileWithTsc } from './compile-with-tsc';
import { writeZip } from './write-zip';

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
  bundleFile: string;
  bundleBytes: number;
  zipFile?: string;
  zipBytes?: number;
}

/**
 * Builds a deployable Lambda bundle: tsc (decorator metadata), then esbuild
 * (one minified `index.js` exporting `handler`), then optionally `function.zip`.
 *
 * @example
 * ```ts
 * const { zipFile } = await buildHandler({ handlerModule: 'src/handler.ts', zip: true });
 * ```
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
    const bundleFile = path.join(outDir, 'index.js');
    await bundleWithEsbuild({
      entry,
      exportName: options.exportName ?? 'handler',
      outFile: bundleFile,
      sourcemap: options.sourcemap ?? false,
      aliases,
      projectDir,
    });
    const result: BuildResult = { bundleFile, bundleBytes: statSync(bundleFile).size };
    if (options.zip) {
      const zipFile = path.join(outDir, 'function.zip');
      writeZip(zipFile, options.sourcemap ? [bundleFile, `${bundleFile}.map`] : [bundleFile]);
      Object.assign(result, { zipFile, zipBytes: statSync(zipFile).size });
    }
    return result;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
