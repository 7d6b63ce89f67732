import path from 'node:path';
import { forgetModulesUnder, loadHandler } from '../handler/load-handler-module';
import type { LambdaHandler } from '../handler/run-invocation';
import type { LogSink } from '../server/invocation-log';

/** What {@link loadReloadableHandler} loads. */
export interface ReloadableHandlerOptions {
  handlerModule: string;
  exportName: string;
  /** The folder whose modules a reload runs again (the handler module's). */
  sourceDir: string;
  log: LogSink;
}

/** A handler whose code can be loaded again while it is served. */
export interface ReloadableHandler {
  /** What the Invoke API calls: the current code, after any reload already announced. */
  handler: LambdaHandler;
  /** A change was seen: invocations from now on wait for the next {@link ReloadableHandler.reload}. */
  expectReload(): void;
  /** Loads the module again (its folder's modules too) and serves it; the replaced one is disposed when idle. */
  reload(changedFiles?: readonly string[]): Promise<void>;
}

/** One load of the module: its handler, or why it failed to load. */
interface Generation {
  handler?: LambdaHandler & { dispose?: () => unknown };
  loadError?: Error;
  inFlight: number;
  retired: boolean;
}

/** A reload invocations wait for; `claimed` once a reload has started on it. */
interface PendingReload {
  promise: Promise<void>;
  resolve: () => void;
  claimed: boolean;
}

/**
 * Loads a handler module for `serve --watch`: one stable function over the latest load.
 * See docs/local-loop.md#reload.
 * @example
 * ```ts
 * const reloadable = await loadReloadableHandler({ handlerModule: 'src/handler.ts', exportName: 'handler', sourceDir: 'src', log: stderrSink });
 * const server = await startInvokeApiServer({ handler: reloadable.handler });
 * watchSourceFiles({ dir: 'src', onChangeSeen: reloadable.expectReload, onSettled: (files) => void reloadable.reload(files) });
 * ```
 */
export async function loadReloadableHandler(options: ReloadableHandlerOptions): Promise<ReloadableHandler> {
  let loads = 0;
  const load = async (): Promise<Generation> => {
    loads += 1;
    try {
      const handler = await loadHandler(options.handlerModule, options.exportName, { reload: loads > 1 ? loads : undefined });
      return { handler, inFlight: 0, retired: false };
    } catch (err) {
      return { loadError: asLoadError(err), inFlight: 0, retired: false };
    }
  };

  const first = await load();
  if (first.loadError) throw first.loadError;
  let current = first;
  let pending: PendingReload | undefined;
  let reloading: Promise<void> = Promise.resolve();

  const retire = (generation: Generation): void => {
    generation.retired = true;
    disposeWhenIdle(generation);
  };
  const disposeWhenIdle = (generation: Generation): void => {
    if (!generation.retired || generation.inFlight > 0 || typeof generation.handler?.dispose !== 'function') return;
    const dispose = generation.handler.dispose.bind(generation.handler);
    generation.handler = undefined;
    void Promise.resolve()
      .then(dispose)
      .catch((err: unknown) => logLine(options.log, 'WARN', 'disposing the replaced handler failed', { error_message: (err as Error)?.message }));
  };

  const expectReload = (): PendingReload => {
    if (pending === undefined || pending.claimed) {
      let resolve: () => void = () => undefined;
      const promise = new Promise<void>((done) => {
        resolve = done;
      });
      pending = { promise, resolve, claimed: false };
    }
    return pending;
  };

  const reload = (changedFiles: readonly string[] = []): Promise<void> => {
    const waiting = expectReload();
    waiting.claimed = true;
    reloading = reloading.then(async () => {
      const startedAt = performance.now();
      forgetModulesUnder(options.sourceDir);
      const next = await load();
      const previous = current;
      current = next;
      retire(previous);
      const changed = changedFiles.map((file) => path.relative(process.cwd(), file));
      if (next.loadError) {
        logLine(options.log, 'ERROR', 'reload failed; invocations answer this error until the next change', {
          changed,
          error_type: next.loadError.name,
          error_message: next.loadError.message,
        });
      } else {
        logLine(options.log, 'INFO', 'reloaded', { module: options.handlerModule, changed, duration_ms: Math.round(performance.now() - startedAt) });
      }
      if (pending === waiting) pending = undefined;
      waiting.resolve();
    });
    return reloading;
  };

  const handler: LambdaHandler = async (event, context) => {
    while (pending !== undefined) await pending.promise;
    const generation = current;
    if (generation.loadError || generation.handler === undefined) throw generation.loadError ?? new Error('the handler was disposed');
    const loaded = generation.handler;
    generation.inFlight += 1;
    try {
      return await loaded(event, context);
    } finally {
      generation.inFlight -= 1;
      disposeWhenIdle(generation);
    }
  };

  return { handler, expectReload, reload };
}

/** A module's load failure, named as Lambda names it (`Runtime.UserCodeSyntaxError`, `Runtime.ImportModuleError`). */
function asLoadError(err: unknown): Error {
  const error = err instanceof Error ? err : new Error(String(err));
  const code = (error as NodeJS.ErrnoException).code;
  let name = error.name;
  if (error instanceof SyntaxError || /^Transform failed with \d+ error/.test(error.message)) name = 'Runtime.UserCodeSyntaxError';
  else if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') name = 'Runtime.ImportModuleError';
  const named = new Error(error.message);
  named.name = name;
  return named;
}

function logLine(log: LogSink, level: string, message: string, fields: Record<string, unknown>): void {
  log(JSON.stringify({ level, message, timestamp: new Date().toISOString(), ...fields }));
}
