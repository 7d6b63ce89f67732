import type { GrantStore } from '../grants/grant-store';
import type { GrantRecord } from '../grants/types/grant-record';
import type { StoreKind } from '../cli/constants';
import { getLocalStoreOverride } from '../bootstrap/options';
import { localDynamoDbClientConfig } from '../cli/store/embedded-dynalite';
import { redactSecrets } from '../logging/redaction';

/** Where the console reads the ledger `serve` keeps. */
export interface LedgerSource {
  store: StoreKind;
  dynamodbEndpoint?: string;
  tableName?: string;
}

/** A grant record as the console shows it: `data` redacted, no lock internals. */
export type LedgerRow = Omit<GrantRecord, 'lockOwner' | 'payloadHash'>;

/** The ledger, or why the console cannot read it. */
export type LedgerView = { readable: true; records: LedgerRow[]; truncated: boolean } | { readable: false; reason: string };

/** The newest records the console lists (the CLI's `grants list` reads the rest). */
const MAX_ROWS = 500;

/**
 * Reads the ledger `serve` uses: the embedded DynamoDB's table through the
 * production store code, or the run's memory store; a `--store module` ledger
 * is the module's own (a real table) and is not read.
 *
 * @example
 * ```ts
 * const ledger = new ConsoleLedger({ store: 'dynamodb', dynamodbEndpoint, tableName: 'apono-grants' });
 * const view = await ledger.read();
 * ```
 */
export class ConsoleLedger {
  private store: GrantStore | undefined;

  constructor(private readonly source: LedgerSource) {}

  /** The newest records first, at most 500. */
  async read(): Promise<LedgerView> {
    const store = await this.open();
    if (store === undefined) {
      return { readable: false, reason: 'serve runs with --store module: the ledger is the module\'s own store (read it with "apono-lambda grants" against it)' };
    }
    const records: GrantRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.page({ cursor });
      records.push(...page.records);
      cursor = page.cursor;
    } while (cursor !== undefined && records.length < MAX_ROWS * 4);
    records.sort((a, b) => b.updatedAtMs - a.updatedAtMs);
    return { readable: true, records: records.slice(0, MAX_ROWS).map(toRow), truncated: records.length > MAX_ROWS };
  }

  private async open(): Promise<GrantStore | undefined> {
    if (this.store !== undefined) return this.store;
    if (this.source.store === 'memory') {
      this.store = getLocalStoreOverride();
    } else if (this.source.store === 'dynamodb' && this.source.dynamodbEndpoint !== undefined && this.source.tableName !== undefined) {
      // Loaded on first read: the DynamoDB client is the CLI's to load, never the handler's cold start.
      const { DynamoDbGrantStore } = await import('../grants/dynamodb');
      this.store = new DynamoDbGrantStore({ tableName: this.source.tableName, clientConfig: localDynamoDbClientConfig(this.source.dynamodbEndpoint) });
    }
    return this.store;
  }
}

function toRow(record: GrantRecord): LedgerRow {
  const { lockOwner: _lockOwner, payloadHash: _payloadHash, data, ...rest } = record;
  // What @Grant kept is meant to hold ids, not secrets; the page still never shows a secret-looking field.
  return { ...rest, ...(data === undefined ? {} : { data: redactSecrets(data) }) };
}
