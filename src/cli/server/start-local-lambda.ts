import { CliDefaults, type StoreKind } from '../constants';
import { applyFunctionEnvironment } from '../handler/function-environment';
import { loadHandler } from '../handler/load-handler-module';
import { prepareLocalStore } from '../store/prepare-local-store';
import { writeServeState } from '../store/serve-state-file';
import { type LogSink } from './invocation-log';
import { startInvokeApiServer } from './invoke-api-server';

/** What {@link startLocalLambda} runs. */
export interface LocalLambdaOptions {
  /** The handler module (.ts or .js). */
  handlerModule: string;
  exportName?: string;
  functionName?: string;
  port?: number;
  host?: string;
  timeoutSeconds?: number;
  memoryLimitInMB?: number;
  /** `dynamodb` (default): embedded dynalite with data on disk; `memory`: a throwaway in-process store; `module`: the module's own. */
  store?: StoreKind;
  /** Holds `dynalite/` (the store's data) and `serve.json` (how `grants` finds a running server). */
  dataDir?: string;
  /** The grants table; defaults to `$GRANTS_TABLE`, then `apono-grants`. */
  tableName?: string;
  /**
   * The function's environment variables (what its Lambda configuration sets),
   * put in place before the store and the module load, and restored on close.
   * The local store's own variables (`GRANTS_TABLE`, `AWS_ENDPOINT_URL_DYNAMODB`) win over these.
   */
  environment?: Readonly<Record<string, string>>;
  log?: LogSink;
}

/** A running local Lambda: the Invoke API, its handler and its store. */
export interface LocalLambda {
  url: string;
  port: number;
  functionName: string;
  store: StoreKind;
  /** The embedded DynamoDB endpoint (store `dynamodb` only). */
  dynamodbEndpoint?: string;
  tableName?: string;
  close(): Promise<void>;
}

/**
 * Starts what `apono-lambda serve` runs: the function's environment variables,
 * the store (embedded dynalite on disk by default), then the handler module
 * (after both are set, so an unmodified production module reads them at load
 * and uses the local store), then the Invoke API.
 *
 * @example
 * ```ts
 * const local = await startLocalLambda({ handlerModule: 'src/handler.ts', port: 0, dataDir: '.data', environment: { PORTAL_ORIGIN: 'http://127.0.0.1:8080' } });
 * // new LambdaClient({ endpoint: local.url, region: 'us-east-1' }) …
 * await local.close();
 * ```
 */
export async function startLocalLambda(options: LocalLambdaOptions): Promise<LocalLambda> {
  const cleanups: Array<() => unknown> = [applyFunctionEnvironment(options.environment ?? {})];
  const close = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    const store = await prepareLocalStore(options);
    cleanups.push(() => store.close());
    const handler = await loadHandler(options.handlerModule, options.exportName ?? CliDefaults.exportName);
    const server = await startInvokeApiServer({
      handler,
      functionName: options.functionName,
      port: options.port,
      host: options.host,
      timeoutSeconds: options.timeoutSeconds,
      memoryLimitInMB: options.memoryLimitInMB,
      log: options.log,
    });
    cleanups.push(() => server.close());
    const { dynamodbEndpoint, tableName } = store;
    if (store.ownsDynalite && dynamodbEndpoint !== undefined && tableName !== undefined) {
      cleanups.push(
        writeServeState(store.dataDir, { pid: process.pid, dynamodbEndpoint, tableName, url: server.url, functionName: server.functionName }),
      );
    }
    return { url: server.url, port: server.port, functionName: server.functionName, store: store.store, dynamodbEndpoint, tableName, close };
  } catch (err) {
    await close();
    throw err;
  }
}
