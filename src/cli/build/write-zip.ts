import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';

/**
 * Zips files (flat, without their folders) with the system `zip`. Timestamps
 * and extra attributes are left out (`-X`) so the same input gives a similar archive.
 *
 * @example
 * ```ts
 * writeZip('dist-lambda/function.zip', ['dist-lambda/index.js']);
 * ```
 */
export function writeZip(zipFile: string, files: readonly string[]): void {
  rmSync(zipFile, { force: true });
  const result = spawnSync('zip', ['-q', '-j', '-X', path.resolve(zipFile), ...files.map((file) => path.resolve(file))], {
    encoding: 'utf8',
  });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error('--zip needs the "zip" program (apt-get install zip / brew install zip); the bundle itself is built');
  }
  if (result.status !== 0) throw new Error(`zip failed: ${result.stderr || result.stdout}`);
}
