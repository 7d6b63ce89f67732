import { readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Every file under `dir` (at any depth, `node_modules` left out) whose name ends with one of `extensions`, as absolute paths.
 * @example filesUnder(path.join(ROOT, 'src'), ['.ts']);
 */
export function filesUnder(dir: string, extensions: readonly string[]): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => !name.split(path.sep).includes('node_modules') && extensions.some((extension) => name.endsWith(extension)))
    .map((name) => path.join(dir, name));
}
