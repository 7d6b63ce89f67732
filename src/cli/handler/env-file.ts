import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as util from 'node:util';

/**
 * Reads a `.env`-style file (`KEY=VALUE` lines, `#` comments, quoted values,
 * `export KEY=…`) with Node's own parser (`util.parseEnv`, Node 20.12+), so that
 * it reads exactly as `node --env-file` would.
 *
 * @throws Error naming the file when it cannot be read, or when Node is too old to parse it.
 * @example
 * ```ts
 * readEnvFile('local.env'); // { PORTAL_URL: 'http://127.0.0.1:8080', LOG_LEVEL: 'DEBUG' }
 * ```
 */
export function readEnvFile(file: string): Record<string, string> {
  const absolute = path.resolve(file);
  // Looked up at run time: typings may know it while the running Node (20.0–20.11) does not.
  const parseEnv = (util as { parseEnv?: (content: string) => NodeJS.Dict<string> }).parseEnv;
  if (typeof parseEnv !== 'function') {
    throw new Error(`--env-file needs Node.js 20.12 or later (util.parseEnv); this is ${process.version}`);
  }
  let content: string;
  try {
    content = readFileSync(absolute, 'utf8');
  } catch (err) {
    throw new Error(`--env-file: cannot read ${absolute}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(parseEnv(content))) if (value !== undefined) values[key] = value;
  return values;
}

/**
 * The entries of `values` whose key `env` does not set: the shell's own
 * environment wins over a file, as with `node --env-file`.
 *
 * @example
 * ```ts
 * notSetIn({ A: 'file', B: 'file' }, { A: 'shell' }); // { B: 'file' }
 * ```
 */
export function notSetIn(values: Readonly<Record<string, string>>, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => env[key] === undefined));
}

/**
 * Sets the variables of an env file that the environment does not already set,
 * in this process, before the handler module loads: what `invoke --env-file`
 * and `reconcile --env-file` do (`serve` hands them to its handler host instead).
 *
 * @example
 * ```ts
 * applyEnvFile(options.envFile); // undefined: nothing to do
 * ```
 */
export function applyEnvFile(file: string | undefined): void {
  if (file === undefined) return;
  Object.assign(process.env, notSetIn(readEnvFile(file)));
}
