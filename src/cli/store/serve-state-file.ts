import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What a running `serve` publishes in its data folder, for `grants` to find its store. */
export interface ServeState {
  pid: number;
  dynamodbEndpoint: string;
  tableName: string;
  url: string;
  functionName: string;
}

const STATE_FILE = 'serve.json';

/**
 * Records a running `serve` in `<dataDir>/serve.json`. LevelDB lets one
 * process open a folder, so `grants` asks the running server's dynalite
 * instead of opening the folder itself.
 *
 * @example
 * ```ts
 * const remove = writeServeState('.data', { pid: process.pid, dynamodbEndpoint, tableName, url, functionName });
 * ```
 */
export function writeServeState(dataDir: string, state: ServeState): () => void {
  const file = path.join(dataDir, STATE_FILE);
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`);
  return () => {
    const current = readServeState(dataDir);
    if (current?.pid === state.pid) rmSync(file, { force: true });
  };
}

/**
 * The running `serve` of a data folder, if its process is still alive.
 *
 * @example
 * ```ts
 * const running = readServeState('.data');
 * if (running) console.log(running.dynamodbEndpoint);
 * ```
 */
export function readServeState(dataDir: string): ServeState | undefined {
  let state: ServeState;
  try {
    state = JSON.parse(readFileSync(path.join(dataDir, STATE_FILE), 'utf8')) as ServeState;
  } catch {
    return undefined;
  }
  return typeof state.pid === 'number' && isAlive(state.pid) ? state : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
