import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../support/cli-process';

/**
 * The CLI from source for a child whose working directory is outside this
 * repository: `--import tsx` would resolve tsx from that directory, so it is
 * named by its file URL here.
 *
 * @example
 * ```ts
 * await startServeProcess([...CLI_FROM_SOURCE_ANYWHERE, 'serve', 'src/handler.ts', '--port', '0'], { cwd: project });
 * ```
 */
export const CLI_FROM_SOURCE_ANYWHERE = [
  '--import',
  pathToFileURL(path.join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs')).href,
  path.join(REPO_ROOT, 'src/cli/main.ts'),
];
