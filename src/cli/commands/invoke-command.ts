import { Command } from 'commander';
import { CliDefaults, type StoreKind } from '../constants';
import { parseKeyValuePairs, resolveEventArgument } from '../events/build-event';
import { createLambdaContext } from '../handler/lambda-context';
import { loadHandler } from '../handler/load-handler-module';
import { runInvocation } from '../handler/run-invocation';
import { withStdoutToStderr } from '../handler/stdout-to-stderr';
import { prepareLocalStore } from '../store/prepare-local-store';
import { collectRepeated } from './option-parsers';
import { withRuntimeOptions } from './runtime-options';

interface InvokeOptions {
  param: string[];
  custom: string[];
  export: string;
  functionName: string;
  timeoutSeconds: number;
  store: StoreKind;
  dataDir: string;
  tableName?: string;
}

/**
 * `apono-lambda invoke <handler-module> <event-type|event.json>`: one
 * invocation; the answer as JSON on stdout; a function error as
 * `{errorType, errorMessage}` on stderr and exit code 1.
 *
 * The grant store is the same as `serve`'s (the embedded on-disk one by
 * default, shared with a `serve` running on the same data folder). Logs written to stdout while the
 * handler loads and runs go to stderr, so stdout holds the answer only.
 *
 * @example
 * ```ts
 * program.addCommand(createInvokeCommand());
 * // apono-lambda invoke src/handler.ts grant-access --param username=dana@example.com --custom base_url=http://127.0.0.1:8080
 * ```
 */
export function createInvokeCommand(): Command {
  const command = new Command('invoke')
    .description('invoke a handler module once with an event and print the answer')
    .argument('<handler-module>', 'the module exporting the handler (.ts or .js)')
    .argument('<event>', 'an event type (grant-access, list-resources, …) or a JSON event file')
    .option('--param <k=v>', 'set a params field (repeatable; resources=a,b; JSON values allowed)', collectRepeated, [])
    .option('--custom <k=v>', 'set a custom_parameters field (repeatable)', collectRepeated, [])
    .option('--function-name <name>', 'the function name in the Lambda context', CliDefaults.functionName);
  return withRuntimeOptions(command).action(async (handlerModule: string, eventArgument: string, options: InvokeOptions) => {
    const event = resolveEventArgument(eventArgument, {
      params: parseKeyValuePairs(options.param),
      customParameters: parseKeyValuePairs(options.custom),
    });
    const timeoutMs = options.timeoutSeconds * 1000;
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
