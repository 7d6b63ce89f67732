import { Command } from 'commander';
import { CliDefaults } from '../constants';
import { parseKeyValuePairs } from '../events/build-event';
import { formatReconcileReport } from '../grants/format-grant-records';
import { applyEnvFile } from '../handler/env-file';
import { createLambdaContext, runInvocation, withStdoutToStderr } from '../handler/run-invocation';
import { loadHandler } from '../handler/load-handler-module';
import { prepareLocalStore } from '../store/prepare-local-store';
import { FrameworkEventType } from '../../protocol/constants';
import type { ReconcileReport } from '../../reconcile/types';
import { collectRepeated, type RuntimeOptionValues, withRuntimeOptions } from './option-parsers';

interface ReconcileOptions extends RuntimeOptionValues {
  resourceType: string[];
  custom: string[];
  dryRun?: boolean;
  json?: boolean;
  functionName: string;
  envFile?: string;
}

/**
 * `apono-lambda reconcile <handler-module> --resource-type T`: the reconcile event, the report as tables.
 * @example
 * ```ts
 * program.addCommand(createReconcileCommand());
 * // apono-lambda reconcile src/handler.ts --resource-type project --custom base_url=http://127.0.0.1:8080 --dry-run
 * ```
 */
export function createReconcileCommand(): Command {
  const command = new Command('reconcile')
    .description('check the grant ledger against the access @ListAccess lists, and revoke what was left behind')
    .argument('<handler-module>', 'the module exporting the handler (.ts or .js)')
    .requiredOption('--resource-type <type>', 'a resource type to reconcile (repeatable)', collectRepeated, [])
    .option('--custom <k=v>', 'set a custom_parameters field (repeatable)', collectRepeated, [])
    .option('--dry-run', 'report what would be revoked, and revoke nothing')
    .option('--json', 'print the report as JSON')
    .option('--function-name <name>', 'the function name in the Lambda context', CliDefaults.functionName)
    .option('--env-file <file>', 'KEY=VALUE lines set before the module loads (variables already set win)');
  return withRuntimeOptions(command).action(async (handlerModule: string, options: ReconcileOptions) => {
    if (options.resourceType.length === 0) throw new Error('--resource-type: give at least one resource type');
    const event = {
      event_type: FrameworkEventType.Reconcile,
      params: { resource_types: options.resourceType, dry_run: options.dryRun === true, custom_parameters: parseKeyValuePairs(options.custom) },
    };
    const timeoutMs = options.timeoutSeconds * 1000;
    // Before the store and the module: the file may name the table (GRANTS_TABLE) and what the module reads at load.
    applyEnvFile(options.envFile);
    const store = await prepareLocalStore(options);
    const outcome = await withStdoutToStderr(async () => {
      const handler = await loadHandler(handlerModule, options.export);
      return runInvocation(handler, event, createLambdaContext({ functionName: options.functionName, timeoutMs }), timeoutMs);
    }).finally(() => store.close());
    if (!outcome.ok) {
      process.stderr.write(`${JSON.stringify(outcome.error)}\n`);
      process.exitCode = 1;
      return;
    }
    const report = outcome.answer as unknown as ReconcileReport;
    process.stdout.write(options.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatReconcileReport(report));
  });
}
