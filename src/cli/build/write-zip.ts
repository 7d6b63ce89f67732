import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';

/**
 * Zips the bundle folder's entries (files and folders, with their relative
 * paths: Lambda needs `chunks/` beside `index.mjs`) with the system `zip`.
 * Extra attributes are left out (`-X`) so the same input gives a similar archive.
 *
 * @example
 * ```ts
 * writeZip('dist-lambda/function.zip', 'dist-lambda', ['index.mjs', 'chunks']);
 * ```
 */
export function writeZip(zipFile: string, baseDir: string, entries: readonly string[]): void {
  rmSync(zipFile, { force: true });
  const result = spawnSync('zip', ['-q', '-r', '-X', path.resolve(zipFile), ...entries], { cwd: baseDir, encoding: 'utf8' });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error('--zip needs the "zip" program (apt-get install zip / brew install zip); the bundle itself is built');
  }
  if (result.status !== 0) throw new Error(`zip failed: ${result.stderr || result.stdout}`);
}
