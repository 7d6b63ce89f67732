import { Command } from 'commander';
import { CliDefaults } from '../constants';
import { parseKeyValuePairs, resolveEventArgument } from '../events/build-event';
import { describeExampleValues } from '../events/example-values';
import { RequiredParams } from '../events/required-params';
import { applyEnvFile } from '../handler/env-file';
import { createLambdaContext } from '../handler/lambda-context';
import { loadHandler } from '../handler/load-handler-module';
import { runInvocation } from '../handler/run-invocation';
import { withStdoutToStderr } from '../handler/stdout-to-stderr';
import { prepareLocalStore } from '../store/prepare-local-store';
import { collectRepeated } from './option-parsers';
import { withRuntimeOptions, type RuntimeOptionValues } from './runtime-options';

interface InvokeOptions extends RuntimeOptionValues {
  param: string[];
  custom: string[];
  functionName: string;
  envFile?: string;
  exampleValues?: boolean;
}

/**
 * `apono-lambda invoke <handler-module> <event-type|event.json>`: one
 * invocation; the answer as JSON on stdout; a function error as
 * `{errorType, errorMessage}` on stderr and exit code 1. A grant, revoke or
 * credentials event built from its type must be given all its params (or
 * `--example-values`): invented values once created a real database role.
 *
 * The grant store is the same as `serve`'s (the embedded on-disk one by
 * default, shared with a `serve` running on the same data folder). Logs written to stdout while the
 * handler loads and runs go to stderr, so stdout holds the answer only. The
 * process ends when the action returns (main.ts flushes and exits), as Lambda
 * answers when the handler settles: handles the module left open do not hold it.
 *
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
