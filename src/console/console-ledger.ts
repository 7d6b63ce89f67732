import type { ServerResponse } from 'node:http';
import type { GrantStore } from '../grants/grant-store';
import type { GrantRecord } from '../grants/records';
import type { StoreKind } from '../cli/constants';
import { getLocalStoreOverride } from '../bootstrap/options';
import { localDynamoDbClientConfig } from '../cli/store/embedded-dynalite';
import { redactSecrets } from '../logging/logger';

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

const MAX_ROWS = 500;

/**
 * Reads the ledger `serve` uses (not a `--store module` one). See docs/local-loop.md#console-live.
 * @example const view = await new ConsoleLedger({ store: 'dynamodb', dynamodbEndpoint, tableName: 'apono-grants' }).read();
 */
export class ConsoleLedger {
  private store: GrantStore | undefined;

  constructor(private readonly source: LedgerSource) {}

  /** The newest 500 records, newest first. */
  async read(): Promise<LedgerView> {
    const store = await this.open();
    if (store === undefined) {
      return { readable: false, reason: 'serve runs with --store module: the ledger is the module\'s own store (read it with "apono-lambda grants" against it)' };
    }
    // Pages come in key order, not time order: read them all, keeping only the newest rows.
    let newest: GrantRecord[] = [];
    let seen = 0;
    let cursor: string | undefined;
    do {
      const page = await store.page({ cursor });
      newest.push(...page.records);
      seen += page.records.length;
      if (newest.length > MAX_ROWS * 2) newest = newestFirst(newest);
      cursor = page.cursor;
    } while (cursor !== undefined);
    return { readable: true, records: newestFirst(newest).map(toRow), truncated: seen > MAX_ROWS };
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

function newestFirst(records: GrantRecord[]): GrantRecord[] {
  return records.sort((a, b) => b.updatedAtMs - a.updatedAtMs).slice(0, MAX_ROWS);
}

function toRow(record: GrantRecord): LedgerRow {
  const { lockOwner: _lockOwner, payloadHash: _payloadHash, data, ...rest } = record;
  // What @Grant kept is meant to hold ids, not secrets; the page still never shows a secret-looking field.
  return { ...rest, ...(data === undefined ? {} : { data: redactSecrets(data) }) };
}

/** An idle stream gets a comment this often, so proxies and browsers keep it open. */
const KEEP_ALIVE_MS = 15_000;

/**
 * The console's server-sent events to every open page: invocation lines and the ledger, never a payload or an answer.
 * @example
 * ```ts
 * const live = new LiveUpdates();
 * live.subscribe(res);
 * live.publish('invocation', settled);
 * ```
 */
export class LiveUpdates {
  private readonly streams = new Set<ServerResponse>();
  private readonly keepAlive: NodeJS.Timeout;

  constructor() {
    this.keepAlive = setInterval(() => this.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    this.keepAlive.unref();
  }

  /** How many pages listen. */
  get listeners(): number {
    return this.streams.size;
  }

  /** Starts a stream on `res` (the headers are the caller's, already sent). */
  subscribe(res: ServerResponse): void {
    this.streams.add(res);
    res.on('close', () => this.streams.delete(res));
    res.write('event: ready\ndata: {}\n\n');
  }

  /** Sends one named event to every open page. */
  publish(event: string, data: unknown): void {
    this.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** Ends every stream. */
  close(): void {
    clearInterval(this.keepAlive);
    for (const res of this.streams) res.end();
    this.streams.clear();
  }

  private write(text: string): void {
    for (const res of this.streams) res.write(text);
  }
}
