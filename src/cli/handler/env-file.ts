import path from 'node:path';
import * as util from 'node:util';
import { readFileSync } from 'node:fs';

/**
 * Sets environment variables for a handler module run in this process, the
 * way a Lambda function's configuration sets them, and returns a function that
 * puts back the previous values (unset ones are deleted again). Set them before
 * the module loads: modules often read their configuration at load time.
 *
 * @example
 * ```ts
 * const restore = applyFunctionEnvironment({ PORTAL_ORIGIN: 'http://127.0.0.1:8080' });
 * const handler = await loadHandler('example-app/src/handler.ts');
 * restore();
 * ```
 */
export function applyFunctionEnvironment(values: Readonly<Record<string, string>>): () => void {
  const previous = new Map<string, string | undefined>();
  for (const [key, value] of Object.entries(values)) {
    previous.set(key, process.env[key]);
    process.env[key] = value;
  }
  return () => {
    for (const [key, value] of previous) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/**
 * Reads a `.env`-style file (`KEY=VALUE` lines, `#` comments, quoted values,
 * `export KEY=…`) with Node's own parser (`util.parseEnv`, Node 20.12+), so that
 * it reads exactly as `node --env-file` would.
 *
 * @throws Error naming the file when it cannot be read, or when Node is too old to parse it.
 * @example readEnvFile('local.env'); // { PORTAL_URL: 'http://127.0.0.1:8080', LOG_LEVEL: 'DEBUG' }
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
 * @example notSetIn({ A: 'file', B: 'file' }, { A: 'shell' }); // { B: 'file' }
 */
export function notSetIn(values: Readonly<Record<string, string>>, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => env[key] === undefined));
}

/**
 * Sets the variables of an env file that the environment does not already set,
 * in this process, before the handler module loads: what `invoke --env-file`
 * and `reconcile --env-file` do (`serve` hands them to its handler host instead).
 * @example applyEnvFile(options.envFile); // undefined: nothing to do
 */
export function applyEnvFile(file: string | undefined): void {
  if (file === undefined) return;
  Object.assign(process.env, notSetIn(readEnvFile(file)));
}
