import { Command, InvalidArgumentError } from 'commander';
import { type GrantRecord, GrantStatus } from '../../grants/records';
import { CliDefaults } from '../constants';
import { prepareLocalStore, withLocalGrantStore } from '../store/prepare-local-store';
import { parseKeyValuePairs } from '../events/build-event';
import { applyEnvFile } from '../handler/env-file';
import { createLambdaContext, runInvocation, withStdoutToStderr } from '../handler/run-invocation';
import { loadHandler } from '../handler/load-handler-module';
import { FrameworkEventType } from '../../protocol/constants';
import type { ReconcileReport } from '../../reconcile/types';
import { collectRepeated, type RuntimeOptionValues, withRuntimeOptions } from './option-parsers';

// The commands about the grant ledger: `grants list|show` and `reconcile`, and how they print records and reports.

interface GrantsOptions {
  dataDir: string;
  tableName?: string;
  status?: GrantStatus;
  limit: number;
  json?: boolean;
}

/**
 * `apono-lambda grants list|show`: the local grant ledger kept by `serve`.
 *
 * @example
 * ```ts
 * program.addCommand(createGrantsCommand());
 * // apono-lambda grants list --status GRANTED
 * // apono-lambda grants show b3f1c2de-5a7e-4c1b-9d0a-2f6e8c4a1b11
 * ```
 */
export function createGrantsCommand(): Command {
  const grants = new Command('grants').description('read the local grant ledger kept by serve');
  grants
    .command('list')
    .description('list grant records as a table, newest first')
    .option('--data-dir <dir>', 'the data folder of serve', CliDefaults.dataDir)
    .option('--table-name <name>', 'the grants table')
    .option('--status <status>', `only records in this status (${Object.values(GrantStatus).join(', ')})`, parseStatus)
    .option('--limit <n>', 'at most this many records', parseLimit, 1000)
    .option('--json', 'print JSON instead of a table')
    .action(async (options: GrantsOptions) => {
      const records = await withLocalGrantStore(options, (store) => store.list({ status: options.status, limit: options.limit }));
      process.stdout.write(options.json ? `${JSON.stringify(records, null, 2)}\n` : formatGrantTable(records));
    });
  grants
    .command('show')
    .description('show one grant record and its history')
    .argument('<grant-id>', 'the grant_id')
    .option('--data-dir <dir>', 'the data folder of serve', CliDefaults.dataDir)
    .option('--table-name <name>', 'the grants table')
    .option('--json', 'print JSON instead of text')
    .action(async (grantId: string, options: GrantsOptions) => {
      const record = await withLocalGrantStore(options, (store) => store.get(grantId));
      if (!record) {
        process.stderr.write(`no grant record for ${grantId}\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(options.json ? `${JSON.stringify(record, null, 2)}\n` : formatGrantRecord(record));
    });
  return grants;
}

function parseStatus(value: string): GrantStatus {
  const status = value.toUpperCase();
  if (!(Object.values(GrantStatus) as string[]).includes(status)) {
    throw new InvalidArgumentError(`expected one of ${Object.values(GrantStatus).join(', ')}`);
  }
  return status as GrantStatus;
}

function parseLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit <= 0) throw new InvalidArgumentError('expected a positive integer');
  return limit;
}

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

const COLUMNS = ['GRANT ID', 'STATUS', 'USERNAME', 'RESOURCE TYPE', 'RESOURCES', 'PERMISSION', 'UPDATED'] as const;

/**
 * Renders grant records as an aligned text table, newest first.
 * @example console.log(formatGrantTable(await store.list()));
 */
export function formatGrantTable(records: readonly GrantRecord[]): string {
  if (records.length === 0) return 'no grant records\n';
  const rows = [...records]
    .sort((a, b) => b.updatedAtMs - a.updatedAtMs)
    .map((record) => [
      record.grantId,
      record.status,
      record.username,
      record.resourceType,
      record.resources.join(','),
      record.permission,
      formatTime(record.updatedAtMs),
    ]);
  const widths = COLUMNS.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[line(COLUMNS), ...rows.map(line)].join('\n')}\n`;
}

/**
 * Renders one record and its history, each step with its error and note. `data`
 * is shown as stored: it holds what the `@Grant` method chose to keep (ids, not secrets).
 * @example console.log(formatGrantRecord(await store.get('b3f1c2de-…')));
 */
export function formatGrantRecord(record: GrantRecord): string {
  const fields: Array<[string, string | undefined]> = [
    ['grant id', record.grantId],
    ['status', record.status],
    ['username', record.username],
    ['resource type', record.resourceType],
    ['resources', record.resources.join(', ')],
    ['permission', record.permission],
    ['data', record.data === undefined ? undefined : JSON.stringify(record.data)],
    ['created', formatTime(record.createdAtMs)],
    ['updated', formatTime(record.updatedAtMs)],
    ['lock owner', record.lockOwner],
    ['lock expires', record.lockExpiresAtMs === undefined ? undefined : formatTime(record.lockExpiresAtMs)],
    ['expires (TTL)', record.expiresAtEpochSec === undefined ? undefined : formatTime(record.expiresAtEpochSec * 1000)],
    ['last error', record.lastError],
  ];
  const shown = fields.filter((field): field is [string, string] => field[1] !== undefined);
  const width = Math.max(...shown.map(([label]) => label.length));
  // Notes carry what an operator must know about a step (a revoke that named other
  // resources than the grant, a late grant undone): the text view shows them, not only --json.
  const history = record.history.map(
    (step) =>
      `  ${formatTime(step.atMs)}  ${(step.from ?? '-').padEnd(8)} -> ${step.to.padEnd(8)}  by ${step.by}` +
      `${step.error ? `  error: ${step.error}` : ''}${step.note ? `  note: ${step.note}` : ''}`,
  );
  return `${shown.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n')}\nhistory:\n${history.join('\n')}\n`;
}

function formatTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** Rows as aligned columns, under a header. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

function section(title: string, header: string[], rows: string[][]): string[] {
  return rows.length === 0 ? [`${title}: none`, ''] : [`${title} (${rows.length}):`, ...table(header, rows).map((l) => `  ${l}`), ''];
}

/**
 * A reconcile report as the CLI prints it: the counts, then one table per section.
 * @example process.stdout.write(formatReconcileReport(report));
 */
export function formatReconcileReport(report: ReconcileReport): string {
  const c = report.counts;
  const lines = [
    `reconcile of ${report.resourceTypes.join(', ')}${report.dryRun ? ' (dry run: nothing revoked)' : ''}`,
    `records ${c.records}, access entries ${c.accessEntries}, orphaned ${c.orphaned}, missing ${c.missing}, uncertain ${c.uncertain}, ` +
      `revoked ${c.revoked}, revoke failed ${c.revokeFailed}`,
    '',
    ...section('orphaned', ['USERNAME', 'TYPE', 'RESOURCES', 'PERMISSION', 'GRANT', 'RECORD', 'REASON', 'ACTION'],
      report.orphaned.map((o) => [o.username, o.resourceType, o.resources.join(','), o.permission, o.grantId ?? '-', o.recordStatus ?? '-', o.reason, o.action])),
    ...section('missing', ['GRANT', 'USERNAME', 'TYPE', 'RESOURCES', 'PERMISSION'],
      report.missing.map((m) => [m.grantId, m.username, m.resourceType, m.resources.join(','), m.permission])),
    ...section('uncertain', ['GRANT', 'STATUS', 'TYPE', 'SINCE'],
      report.uncertain.map((u) => [u.grantId, u.status, u.resourceType, new Date(u.sinceMs).toISOString()])),
    ...section('revoked', ['GRANT', 'USERNAME', 'RESOURCES', 'REASON', 'OK', 'ERROR'],
      report.revoked.map((r) => [r.grantId, r.username, r.resources.join(','), r.reason, r.ok ? 'yes' : 'no', r.error ?? ''])),
    ...report.warnings.map((w) => `warning: ${w}`),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
