import path from 'node:path';
import { type LocalLambda, startLocalLambda } from '../server/start-local-lambda';
import { Command } from 'commander';
import { CliDefaults, type StoreKind } from '../constants';
import { describeExampleValues, parseKeyValuePairs, RequiredParams, resolveEventArgument } from '../events/build-event';
import { applyEnvFile, notSetIn, readEnvFile } from '../handler/env-file';
import { createLambdaContext, runInvocation, withStdoutToStderr } from '../handler/run-invocation';
import { loadHandler } from '../handler/load-handler-module';
import { prepareLocalStore } from '../store/prepare-local-store';
import { collectRepeated, parsePort, type RuntimeOptionValues, withRuntimeOptions } from './option-parsers';

// The commands that load the handler module and run it: `invoke` (one event) and `serve` (the local Invoke API and console).

/**
 * Prints where a local Lambda listens and how to call it. The first line is
 * stable (`listening on <url> …`): scripts and tests wait for it.
 * @example printInvokeHelp(await startLocalLambda({ handlerModule: 'src/handler.ts' }));
 */
export function printInvokeHelp(local: LocalLambda, write: (text: string) => void = (text) => process.stdout.write(text)): void {
  const store =
    local.store === 'dynamodb'
      ? `embedded DynamoDB ${local.dynamodbEndpoint} table ${local.tableName}`
      : local.store === 'memory'
        ? 'memory (lost on exit)'
        : 'as the handler module configures it';
  write(
    [
      `listening on ${local.url} function ${local.functionName}`,
      `grant store: ${store}`,
      ...(local.watchedDir === undefined ? [] : [`reloading on changes under ${path.relative(process.cwd(), local.watchedDir) || '.'}${path.sep}`]),
      '',
      'Invoke it with the AWS CLI (any credentials sign; e.g. AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local):',
      `  echo '{"event_type":"get-status","params":{"custom_parameters":{}}}' > event.json`,
      `  aws lambda invoke --endpoint-url ${local.url} --region us-east-1 --function-name ${local.functionName} \\`,
      `    --cli-binary-format raw-in-base64-out --payload file://event.json answer.json && cat answer.json`,
      '  (AWS CLI v1 needs no --cli-binary-format, and rejects it: leave it out)',
      'or with curl:',
      `  curl -s -X POST ${local.url}/2015-03-31/functions/${local.functionName}/invocations -d @event.json`,
      'Stop with Ctrl-C.',
      '',
    ].join('\n'),
  );
}

interface InvokeOptions extends RuntimeOptionValues {
  param: string[];
  custom: string[];
  functionName: string;
  envFile?: string;
  exampleValues?: boolean;
}

/**
 * `apono-lambda invoke <handler-module> <event-type|event.json>`: one invocation, the answer on stdout.
 * See docs/local-loop.md#commands.
 * @example
 * ```ts
 * program.addCommand(createInvokeCommand());
 * // apono-lambda invoke src/handler.ts grant-access --param grant_id=g-1 --param username=dana@example.com \
 * //   --param resource_type=project --param resources=proj-billing --param permission=reader --custom base_url=http://127.0.0.1:8080
 * ```
 */
export function createInvokeCommand(): Command {
  const command = new Command('invoke')
    .description('invoke a handler module once with an event and print the answer')
    .argument('<handler-module>', 'the module exporting the handler (.ts or .js)')
    .argument('<event>', 'an event type (grant-access, list-resources, …) or a JSON event file')
    .option('--param <k=v>', 'set a params field (repeatable; resources=a,b; JSON values allowed)', collectRepeated, [])
    .option('--custom <k=v>', 'set a custom_parameters field (repeatable)', collectRepeated, [])
    .option('--function-name <name>', 'the function name in the Lambda context', CliDefaults.functionName)
    .option('--env-file <file>', 'KEY=VALUE lines set before the module loads (variables already set win)')
    .option('--example-values', 'let a grant/revoke/credentials event built from its type run with invented values for missing params (listed on stderr)')
    .addHelpText('after', requiredParamsHelp());
  return withRuntimeOptions(command).action(async (handlerModule: string, eventArgument: string, options: InvokeOptions) => {
    // Built (and refused) before the store starts and the module loads: a refusal costs nothing and runs no user code.
    const { event, invented } = resolveEventArgument(
      eventArgument,
      { params: parseKeyValuePairs(options.param), customParameters: parseKeyValuePairs(options.custom) },
      { exampleValues: options.exampleValues },
    );
    if (Object.keys(invented).length > 0) process.stderr.write(`${describeExampleValues(invented)}\n`);
    const timeoutMs = options.timeoutSeconds * 1000;
    // Before the store and the module: the file may name the table (GRANTS_TABLE) and what the module reads at load.
    applyEnvFile(options.envFile);
    const store = await prepareLocalStore(options);
    const outcome = await withStdoutToStderr(async () => {
      const handler = await loadHandler(handlerModule, options.export);
      const context = createLambdaContext({ functionName: options.functionName, timeoutMs });
      return runInvocation(handler, event, context, timeoutMs);
    }).finally(() => store.close());
    if (outcome.ok) {
      process.stdout.write(`${JSON.stringify(outcome.answer ?? null, null, 2)}\n`);
    } else {
      process.stderr.write(`${JSON.stringify(outcome.error)}\n`);
      process.exitCode = 1;
    }
  });
}

/** The `invoke --help` paragraph on which events need which params. */
function requiredParamsHelp(): string {
  const rows = Object.entries(RequiredParams).map(([eventType, fields]) => `  ${eventType.padEnd(20)} ${fields.join(', ')}`);
  return [
    '',
    'Events that change access need every param given (--param k=v, or an event file);',
    'invoke refuses them otherwise, unless --example-values invents the missing ones:',
    ...rows,
    'get-status, list-resources-tags and list-resources (resource_type "resource") need none.',
    '',
  ].join('\n');
}

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
