import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LambdaHandler } from './run-invocation';

const TYPESCRIPT_EXTENSIONS = new Set(['.ts', '.cts', '.mts', '.tsx']);

let typeScriptLoaderRegistered = false;

/**
 * Loads a handler module (TypeScript through tsx, or JavaScript) and returns its exported handler.
 * See docs/local-loop.md#handler-loading.
 * @example
 * ```ts
 * const handler = await loadHandler('example-app/src/handler.ts');
 * const answer = await handler({ event_type: 'get-status', params: {} }, context);
 * ```
 */
export async function loadHandler(modulePath: string, exportName = 'handler', options: LoadHandlerOptions = {}): Promise<LambdaHandler> {
  const absolutePath = path.resolve(modulePath);
  if (!existsSync(absolutePath)) {
    throw new Error(`handler module not found: ${absolutePath}`);
  }
  const moduleExports = await loadModule(absolutePath, options.reload);
  const candidate = pickExport(moduleExports, exportName);
  if (typeof candidate !== 'function') {
    const names = moduleExports && typeof moduleExports === 'object' ? Object.keys(moduleExports).join(', ') : '';
    throw new Error(
      `${absolutePath} has no exported function "${exportName}" (exports: ${names || 'none'}); choose one with --export`,
    );
  }
  return candidate as LambdaHandler;
}

/** How {@link loadHandler} loads. */
export interface LoadHandlerOptions {
  /** A reload's number: an ES module (`.mjs`) is imported again under a fresh URL (that file only). */
  reload?: number;
}

async function loadModule(absolutePath: string, reload: number | undefined): Promise<unknown> {
  const extension = path.extname(absolutePath);
  if (extension === '.mjs') {
    // Kept out of TypeScript's reach so that the CommonJS build does not turn it into require().
    const importModule = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<unknown>;
    const url = pathToFileURL(absolutePath).href;
    return importModule(reload === undefined ? url : `${url}?reload=${reload}`);
  }
  if (TYPESCRIPT_EXTENSIONS.has(extension)) registerTypeScriptLoader(absolutePath);
  return require(absolutePath) as unknown;
}

function pickExport(moduleExports: unknown, exportName: string): unknown {
  if (moduleExports === null || (typeof moduleExports !== 'object' && typeof moduleExports !== 'function')) return undefined;
  const direct = (moduleExports as Record<string, unknown>)[exportName];
  if (direct !== undefined) return direct;
  const defaultExport = (moduleExports as Record<string, unknown>).default;
  if (defaultExport && typeof defaultExport === 'object') return (defaultExport as Record<string, unknown>)[exportName];
  return undefined;
}

function registerTypeScriptLoader(modulePath: string): void {
  // Already under tsx (`tsx ...`, `node -r tsx/cjs`) or another TypeScript hook: a second hook would transform twice.
  if (typeScriptLoaderRegistered || require.extensions?.['.ts'] !== undefined) return;
  if (process.env.TSX_TSCONFIG_PATH === undefined) {
    const tsconfig = findUp('tsconfig.json', path.dirname(modulePath));
    if (tsconfig) process.env.TSX_TSCONFIG_PATH = tsconfig;
  }
  let apiPath: string;
  try {
    // The user's own tsx first (their project pins it), then the one this package brings.
    apiPath = require.resolve('tsx/cjs/api', { paths: [path.dirname(modulePath), __dirname] });
  } catch {
    throw new Error(`loading a TypeScript handler module needs the "tsx" package: npm install --save-dev tsx`);
  }
  const tsx = require(apiPath) as { register: () => () => void };
  tsx.register();
  typeScriptLoaderRegistered = true;
}

/**
 * Drops the modules under `dir` (not under any `node_modules`) from the CommonJS cache; returns how many.
 * @example
 * forgetModulesUnder('src');
 * const handler = await loadHandler('src/handler.ts'); // the code as it is now on disk
 */
export function forgetModulesUnder(dir: string): number {
  const prefix = path.resolve(dir) + path.sep;
  let dropped = 0;
  for (const file of Object.keys(require.cache)) {
    if (file.startsWith(prefix) && !file.slice(prefix.length).split(path.sep).includes('node_modules')) {
      delete require.cache[file];
      dropped += 1;
    }
  }
  return dropped;
}

/**
 * The nearest file of that name in `fromDir` or one of its parents.
 * @example findUp('tsconfig.json', '/repo/example-app/src'); // '/repo/tsconfig.json'
 */
export function findUp(fileName: string, fromDir: string): string | undefined {
  let dir = path.resolve(fromDir);
  for (;;) {
    const candidate = path.join(dir, fileName);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
