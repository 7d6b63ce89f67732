import type { Command } from 'commander';
import { CliDefaults, type StoreKind } from '../constants';
import { parsePositiveSeconds, parseStoreKind } from './option-parsers';

/**
 * The options `invoke` and `serve` share: how the handler runs (its export and
 * timeout) and which grant store it gets.
 *
 * @example
 * ```ts
 * const serve = withRuntimeOptions(new Command('serve').argument('<handler-module>'));
 * ```
 */
export function withRuntimeOptions(command: Command): Command {
  return command
    .option('--export <name>', 'the exported handler function', CliDefaults.exportName)
    .option('--timeout-seconds <s>', 'the function timeout', parsePositiveSeconds, CliDefaults.timeoutSeconds)
    .option('--store <kind>', 'grant store: dynamodb (embedded, on disk), memory, or module (as the module configures it)', parseStoreKind, CliDefaults.store)
    .option('--data-dir <dir>', 'where the embedded store keeps its data', CliDefaults.dataDir)
    .option('--table-name <name>', 'the grants table (default: $GRANTS_TABLE or apono-grants)');
}

/**
 * The values {@link withRuntimeOptions} adds to a command's options.
 *
 * @example
 * ```ts
 * interface InvokeOptions extends RuntimeOptionValues { param: string[] }
 * ```
 */
export interface RuntimeOptionValues {
  export: string;
  timeoutSeconds: number;
  store: StoreKind;
  dataDir: string;
  tableName?: string;
}
