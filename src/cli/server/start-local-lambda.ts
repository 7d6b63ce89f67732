import path from 'node:path';
import { CliDefaults, type StoreKind } from '../constants';
import { applyFunctionEnvironment } from '../handler/env-file';
import { loadHandler } from '../handler/load-handler-module';
import type { LambdaHandler } from '../handler/run-invocation';
import { prepareLocalStore, writeServeState } from '../store/prepare-local-store';
import { loadReloadableHandler } from '../watch/reloadable-handler';
import { watchSourceFiles } from '../watch/watch-source-files';
import { isLoopbackHost } from '../../console/console-guard';
import { createLocalConsole, type LocalConsole } from '../../console/local-console';
import { type LogSink, stderrSink } from './invocation-log';
import { type RunningInvokeApiServer, startInvokeApiServer } from './invoke-api-server';

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
  /** The function's environment variables, set before the store and the module load; the store's own win. */
  environment?: Readonly<Record<string, string>>;
  /** Reload the handler when a source file under its folder changes. See docs/local-loop.md#watch. */
  watch?: boolean | { debounceMs?: number };
  /** Serve the local console at `GET /` (default true); on a loopback host only. */
  console?: boolean;
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
  /** The folder `watch` reloads the handler from, when watching. */
  watchedDir?: string;
  /** The console's URL, with this run's token (`http://127.0.0.1:9000/?token=…`), when it is on. */
  consoleUrl?: string;
  /** Why the console is off, when it was asked for and is not served. */
  consoleOff?: string;
  close(): Promise<void>;
}

/**
 * Starts what `apono-lambda serve` runs, in order. See docs/local-loop.md#serve-startup.
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
    const exportName = options.exportName ?? CliDefaults.exportName;
    let handler: LambdaHandler;
    let watchedDir: string | undefined;
    if (options.watch) {
      const log = options.log ?? stderrSink;
      const sourceDir = path.dirname(path.resolve(options.handlerModule));
      const reloadable = await loadReloadableHandler({ handlerModule: options.handlerModule, exportName, sourceDir, log });
      const watcher = watchSourceFiles({
        dir: sourceDir,
        ignoreDirs: [store.dataDir],
        debounceMs: typeof options.watch === 'object' ? options.watch.debounceMs : undefined,
        onChangeSeen: (file) => {
          reloadable.expectReload();
          log(JSON.stringify({ level: 'INFO', message: 'change detected; reloading', timestamp: new Date().toISOString(), file: path.relative(process.cwd(), file) }));
        },
        onSettled: (files) => void reloadable.reload(files),
      });
      cleanups.push(() => watcher.close());
      handler = reloadable.handler;
      watchedDir = sourceDir;
    } else {
      handler = await loadHandler(options.handlerModule, exportName);
    }
    const host = options.host ?? CliDefaults.host;
    const wantsConsole = options.console !== false;
    const consoleOff = wantsConsole && !isLoopbackHost(host) ? `the console listens on loopback only, and --host ${host} is not` : undefined;
    let localConsole: LocalConsole | undefined;
    let server: RunningInvokeApiServer | undefined;
    if (wantsConsole && consoleOff === undefined) {
      // Made first: its routes are the server's; it invokes through the server once that is up.
      localConsole = createLocalConsole({
        functionName: options.functionName ?? CliDefaults.functionName,
        dataDir: store.dataDir,
        store: store.store,
        dynamodbEndpoint: store.dynamodbEndpoint,
        tableName: store.tableName,
        invoke: (event) => {
          if (server === undefined) throw new Error('the console invoked before the Invoke API server was up');
          return server.invoke(event);
        },
      });
      cleanups.push(() => localConsole?.close());
    }
    server = await startInvokeApiServer({
      handler,
      onInvocation: localConsole?.notify,
      otherRoutes: localConsole?.handle,
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
    const consoleUrl = localConsole?.urlFor(server.url);
    return {
      url: server.url,
      port: server.port,
      functionName: server.functionName,
      store: store.store,
      dynamodbEndpoint,
      tableName,
      watchedDir,
      ...(consoleUrl === undefined ? {} : { consoleUrl }),
      ...(consoleOff === undefined ? {} : { consoleOff }),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
