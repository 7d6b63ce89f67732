import { Command } from 'commander';
import { createBuildCommand } from './commands/build-command';
import { createGrantsCommand } from './commands/grants-command';
import { createInitCommand } from './commands/init-command';
import { createInvokeCommand } from './commands/invoke-command';
import { createServeCommand } from './commands/serve-command';
import { createReconcileCommand } from './commands/reconcile-command';

/**
 * The `apono-lambda` command line: init, invoke, serve, grants, reconcile, build.
 * @example await createProgram().parseAsync(['node', 'apono-lambda', 'invoke', 'src/handler.ts', 'get-status']);
 */
export function createProgram(): Command {
  return new Command('apono-lambda')
    .description('run, serve and package Apono Lambda custom integrations locally')
    .showHelpAfterError()
    .addCommand(createInitCommand())
    .addCommand(createInvokeCommand())
    .addCommand(createServeCommand())
    .addCommand(createGrantsCommand())
    .addCommand(createReconcileCommand())
    .addCommand(createBuildCommand());
}

/**
 * Ends the CLI process once everything written to stdout and stderr has been
 * handed to the OS, with `process.exitCode` (0 when unset).
 *
 * Why exit instead of letting Node drain its event loop: `invoke` (and `serve`
 * after Ctrl-C) ran a handler module in this process, and such a module may keep
 * a pg pool, a keep-alive agent or a timer open forever. Lambda answers when the
 * handler's promise settles, whatever is left open; so does the CLI. Commands
 * close what they own themselves (the embedded store first) before they return.
 * @example createProgram().parseAsync(process.argv).finally(() => exitWhenFlushed());
 */
export async function exitWhenFlushed(): Promise<never> {
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit();
}

function flushed(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || !stream.writable) return Promise.resolve();
  // Writes complete in order: the callback of an empty write fires once all earlier ones are out
  // (pipes are asynchronous on POSIX, so exiting at once could cut the answer off).
  return new Promise((resolve) => stream.write('', () => resolve()));
}
