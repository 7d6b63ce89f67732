import { Command, InvalidArgumentError } from 'commander';
import { GrantStatus } from '../../grants/records';
import { CliDefaults } from '../constants';
import { formatGrantRecord, formatGrantTable } from '../grants/format-grant-records';
import { withLocalGrantStore } from '../store/prepare-local-store';

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
