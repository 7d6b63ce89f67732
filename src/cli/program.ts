import { Command } from 'commander';
import { createBuildCommand } from './commands/build-command';
import { createGrantsCommand } from './commands/grants-command';
import { createInitCommand } from './commands/init-command';
import { createInvokeCommand } from './commands/invoke-command';
import { createServeCommand } from './commands/serve-command';
import { createReconcileCommand } from './commands/reconcile-command';

/**
 * The `apono-lambda` command line: init, invoke, serve, grants, reconcile, build.
 *
 * @example
 * ```ts
 * await createProgram().parseAsync(['node', 'apono-lambda', 'invoke', 'src/handler.ts', 'get-status']);
 * ```
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
