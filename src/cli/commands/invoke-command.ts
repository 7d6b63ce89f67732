import { Command } from 'commander';
import { CliDefaults } from '../constants';
import { parseKeyValuePairs, resolveEventArgument } from '../events/build-event';
import { createLambdaContext } from '../handler/lambda-context';
import { loadHandler } from '../handler/load-handler-module';
import { runInvocation } from '../handler/run-invocation';
import { collectRepeated, parsePositiveSeconds } from './option-parsers';

interface InvokeOptions {
  param: string[];
  custom: string[];
  export: string;
  functionName: string;
  timeoutSeconds: number;
}

/**
 * `apono-lambda invoke <handler-module> <event-type|event.json>`: one
 * invocation; the answer as JSON on stdout; a function error as
 * `{errorType, errorMessage}` on stderr and exit code 1.
 *
 * The handler runs with whatever grant store its module configures; use
 * `serve` for the embedded on-disk store.
 *
 * @example
 * ```ts
 * program.addCommand(createInvokeCommand());
 * // apono-lambda invoke src/handler.ts grant-access --param username=dana@example.com --custom base_url=http://127.0.0.1:8080
 * ```
 */
export function createInvokeCommand(): Command {
  return new Command('invoke')
    .description('invoke a handler module once with an event and print the answer')
    .argument('<handler-module>', 'the module exporting the handler (.ts or .js)')
    .argument('<event>', 'an event type (grant-access, list-resources, …) or a JSON event file')
    .option('--param <k=v>', 'set a params field (repeatable; resources=a,b; JSON values allowed)', collectRepeated, [])
    .option('--custom <k=v>', 'set a custom_parameters field (repeatable)', collectRepeated, [])
    .option('--export <name>', 'the exported handler function', CliDefaults.exportName)
    .option('--function-name <name>', 'the function name in the Lambda context', CliDefaults.functionName)
    .option('--timeout-seconds <s>', 'the function timeout', parsePositiveSeconds, CliDefaults.timeoutSeconds)
    .action(async (handlerModule: string, eventArgument: string, options: InvokeOptions) => {
      const event = resolveEventArgument(eventArgument, {
        params: parseKeyValuePairs(options.param),
        customParameters: parseKeyValuePairs(options.custom),
      });
      const handler = await loadHandler(handlerModule, options.export);
      const timeoutMs = options.timeoutSeconds * 1000;
      const context = createLambdaContext({ functionName: options.functionName, timeoutMs });
      const outcome = await runInvocation(handler, event, context, timeoutMs);
      if (outcome.ok) {
        process.stdout.write(`${JSON.stringify(outcome.answer ?? null, null, 2)}\n`);
      } else {
        process.stderr.write(`${JSON.stringify(outcome.error)}\n`);
        process.exitCode = 1;
      }
    });
}
