import { type Command, InvalidArgumentError } from 'commander';
import { CliDefaults, type StoreKind, StoreKinds } from '../constants';

/**
 * Commander collector for repeatable options (`--param a=1 --param b=2`).
 * @example command.option('--param <k=v>', 'a params field', collectRepeated, []);
 */
export function collectRepeated(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * Commander parser for a port (0–65535).
 * @example command.option('--port <n>', 'port', parsePort, 9000);
 */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('expected a port number 0-65535');
  return port;
}

/**
 * Commander parser for a positive number of seconds.
 * @example command.option('--timeout-seconds <s>', 'timeout', parsePositiveSeconds, 30);
 */
export function parsePositiveSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 900) {
    throw new InvalidArgumentError('expected a number of seconds over 0 and at most 900 (Lambda’s maximum)');
  }
  return seconds;
}

/**
 * Commander parser for `--store`.
 * @example command.option('--store <kind>', 'memory|dynamodb', parseStoreKind, 'dynamodb');
 */
export function parseStoreKind(value: string): StoreKind {
  if (!(StoreKinds as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${StoreKinds.join(', ')}`);
  return value as StoreKind;
}

/**
 * The options `invoke`, `serve` and `reconcile` share: export, timeout and grant store.
 * @example const serve = withRuntimeOptions(new Command('serve').argument('<handler-module>'));
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
 * @example interface InvokeOptions extends RuntimeOptionValues { param: string[] }
 */
export interface RuntimeOptionValues {
  export: string;
  timeoutSeconds: number;
  store: StoreKind;
  dataDir: string;
  tableName?: string;
}
