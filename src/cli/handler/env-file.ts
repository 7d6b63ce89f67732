import path from 'node:path';
import * as util from 'node:util';
import { readFileSync } from 'node:fs';

/**
 * Sets a function's environment variables in this process; returns what restores them.
 * See docs/architecture.md#env-file.
 * @example const restore = applyFunctionEnvironment({ PORTAL_ORIGIN: 'http://127.0.0.1:8080' }); // …; restore();
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
 * Reads a `.env`-style file with Node's own parser (`util.parseEnv`, Node 20.12+), as `node --env-file` would.
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
 * The entries of `values` that `env` does not set: the shell wins over a file, as with `node --env-file`.
 * @example notSetIn({ A: 'file', B: 'file' }, { A: 'shell' }); // { B: 'file' }
 */
export function notSetIn(values: Readonly<Record<string, string>>, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => env[key] === undefined));
}

/**
 * Sets the env file's variables that are not set yet, for good: `invoke` and `reconcile`.
 * See docs/local-loop.md#local-environment.
 * @example applyEnvFile(options.envFile); // undefined: nothing to do
 */
export function applyEnvFile(file: string | undefined): void {
  if (file === undefined) return;
  Object.assign(process.env, notSetIn(readEnvFile(file)));
}
