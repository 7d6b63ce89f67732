import { Command } from 'commander';
import { createBuildCommand, createInitCommand } from './commands/project-commands';
import { createGrantsCommand, createReconcileCommand } from './commands/ledger-commands';
import { createInvokeCommand, createServeCommand } from './commands/handler-commands';

/**
 * The `apono-lambda` command line: init, invoke, serve, grants, reconcile, build.
 * @example await createProgram().parseAsync(['node', 'apono-lambda', 'invoke', 'src/handler.ts', 'get-status']);
 */
export function createProgram(): Command {
  const program = new Command('apono-lambda')
    .description('run, serve and package Apono Lambda custom integrations locally')
    .showHelpAfterError()
    .addCommand(createInitCommand())
    .addCommand(createInvokeCommand())
    .addCommand(createServeCommand())
    .addCommand(createGrantsCommand())
    .addCommand(createReconcileCommand())
    .addCommand(createBuildCommand());
  // Commander's own exits (usage errors: 1) become errors main.ts answers with 2; exit 1 is a function error's.
  const overrideExits = (command: Command): void => {
    command.exitOverride();
    for (const sub of command.commands) overrideExits(sub);
  };
  overrideExits(program);
  return program;
}

/**
 * Exits with `process.exitCode` once stdout and stderr are flushed, whatever the handler module left open.
 * See docs/local-loop.md#process-exit.
 * @example createProgram().parseAsync(process.argv).finally(() => exitWhenFlushed());
 */
export async function exitWhenFlushed(): Promise<never> {
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit();
}

function flushed(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || !stream.writable) return Promise.resolve();
  // An empty write's callback fires once all earlier writes are out (pipes are asynchronous on POSIX).
  return new Promise((resolve) => stream.write('', () => resolve()));
}
