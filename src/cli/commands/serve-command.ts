import { Command } from 'commander';
import { CliDefaults, type StoreKind } from '../constants';
import { notSetIn, readEnvFile } from '../handler/env-file';
import { startLocalLambda } from '../server/start-local-lambda';
import { printInvokeHelp } from './invoke-command';
import { parsePort, withRuntimeOptions } from './option-parsers';

interface ServeOptions {
  port: number;
  host: string;
  functionName: string;
  timeoutSeconds: number;
  store: StoreKind;
  dataDir: string;
  tableName?: string;
  export: string;
  watch?: boolean;
  envFile?: string;
  console: boolean;
}

/**
 * `apono-lambda serve <handler-module>`: the handler on the Lambda Invoke API until SIGINT/SIGTERM.
 * @example
 * ```ts
 * program.addCommand(createServeCommand());
 * // apono-lambda serve src/handler.ts --function-name portal --port 9000 --watch --env-file local.env
 * ```
 */
export function createServeCommand(): Command {
  const command = new Command('serve')
    .description('serve a handler module on the Lambda Invoke API (for the AWS CLI and SDK)')
    .argument('<handler-module>', 'the module exporting the handler (.ts or .js)')
    .option('--port <n>', 'the port (0 picks a free one)', parsePort, CliDefaults.port)
    .option('--host <address>', 'the address to bind', CliDefaults.host)
    .option('--function-name <name>', 'the function name clients invoke', CliDefaults.functionName)
    .option('--watch', 'reload the handler when a source file under its folder changes (the store stays up)')
    .option('--env-file <file>', 'KEY=VALUE lines set before the module loads (variables already set win)')
    .option('--no-console', 'do not serve the local console at GET /');
  return withRuntimeOptions(command).action(async (handlerModule: string, options: ServeOptions) => {
    // Read first: its values (GRANTS_TABLE among them) are in place before the store and the module.
    const environment = options.envFile === undefined ? {} : notSetIn(readEnvFile(options.envFile));
    const local = await startLocalLambda({
      environment,
      watch: options.watch === true,
      handlerModule,
      exportName: options.export,
      functionName: options.functionName,
      port: options.port,
      host: options.host,
      timeoutSeconds: options.timeoutSeconds,
      store: options.store,
      dataDir: options.dataDir,
      tableName: options.tableName,
      console: options.console,
    });
    printInvokeHelp(local);
    if (local.consoleUrl !== undefined) process.stdout.write(`console: ${local.consoleUrl}  (this run's token; loopback only)\n`);
    else if (local.consoleOff !== undefined) process.stdout.write(`console: off (${local.consoleOff})\n`);
    await new Promise<void>((resolve, reject) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        process.stderr.write('stopping…\n');
        // Returning ends the process (main.ts exits once flushed), whatever sockets the module keeps open.
        local.close().then(resolve, reject);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
  });
}
