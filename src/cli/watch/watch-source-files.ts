import { type FSWatcher, readdirSync, statSync, watch } from 'node:fs';
import path from 'node:path';

/** How {@link watchSourceFiles} watches a folder. */
export interface WatchSourceFilesOptions {
  /** The folder watched, with its subfolders. */
  dir: string;
  /** Folders (absolute) never watched: the embedded store's data, for one, changes on every write. */
  ignoreDirs?: readonly string[];
  /** Quiet time after the last change before {@link WatchSourceFilesOptions.onSettled}. Default 150 ms. */
  debounceMs?: number;
  /** The first change of a burst, at once: what is served is about to be stale. */
  onChangeSeen?: (file: string) => void;
  /** A burst of changes is over: the files changed in it, in order seen, each once. */
  onSettled: (files: string[]) => void;
}

/** A running watch. */
export interface SourceWatcher {
  close(): void;
}

/** Code only: not the `out.json` an `aws lambda invoke` writes beside it (a reload per invocation). */
const SOURCE_FILE = /\.[cm]?[jt]sx?$/;
const OUTPUT_DIRS: ReadonlySet<string> = new Set(['node_modules', 'dist', 'dist-lambda', 'coverage', 'cdk.out']);
const DEFAULT_DEBOUNCE_MS = 150;

/**
 * Watches a folder tree for changes to source files, debounced. See docs/local-loop.md#watch.
 * @example
 * ```ts
 * const watcher = watchSourceFiles({ dir: 'src', onSettled: (files) => console.log('changed', files) });
 * watcher.close();
 * ```
 */
export function watchSourceFiles(options: WatchSourceFilesOptions): SourceWatcher {
  const root = path.resolve(options.dir);
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  const ignored = new Set((options.ignoreDirs ?? []).map((dir) => path.resolve(dir)));
  const watchers = new Map<string, FSWatcher>();
  let changed: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const skipped = (dir: string): boolean => {
    const name = path.basename(dir);
    return dir !== root && (OUTPUT_DIRS.has(name) || name.startsWith('.') || ignored.has(dir));
  };

  const settle = (): void => {
    timer = undefined;
    const files = changed;
    changed = [];
    if (!closed) options.onSettled(files);
  };

  const noteChange = (file: string): void => {
    if (changed.length === 0 && timer === undefined) options.onChangeSeen?.(file);
    if (!changed.includes(file)) changed.push(file);
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(settle, debounceMs);
  };

  const watchDir = (dir: string): void => {
    if (closed || watchers.has(dir) || skipped(dir)) return;
    let watcher: FSWatcher;
    try {
      // Not persistent: the server keeps the process alive, the watch alone must not.
      watcher = watch(dir, { persistent: false }, (_event, name) => onEvent(dir, name === null ? undefined : String(name)));
    } catch {
      return; // gone already, or not readable: nothing to watch
    }
    watcher.on('error', () => unwatch(dir));
    watchers.set(dir, watcher);
    for (const entry of readEntries(dir)) if (entry.isDirectory()) watchDir(path.join(dir, entry.name));
  };

  const unwatch = (dir: string): void => {
    for (const [watched, watcher] of watchers) {
      if (watched === dir || watched.startsWith(dir + path.sep)) {
        watcher.close();
        watchers.delete(watched);
      }
    }
  };

  const onEvent = (dir: string, name: string | undefined): void => {
    if (closed || name === undefined) return;
    const full = path.join(dir, name);
    if (full.split(path.sep).includes('node_modules')) return;
    let isDirectory = false;
    try {
      isDirectory = statSync(full).isDirectory();
    } catch {
      // Removed (or renamed away): a removed source file is a change too.
      if (watchers.has(full)) unwatch(full);
    }
    if (isDirectory) {
      // A new folder (a `git checkout`, a moved tree): watch it, and count its source files.
      if (!skipped(full) && !watchers.has(full)) {
        watchDir(full);
        if (containsSourceFile(full, skipped)) noteChange(full);
      }
      return;
    }
    if (SOURCE_FILE.test(name)) noteChange(full);
  };

  watchDir(root);
  return {
    close: () => {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

function readEntries(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

function containsSourceFile(dir: string, skipped: (dir: string) => boolean): boolean {
  return readEntries(dir).some((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? !skipped(full) && containsSourceFile(full, skipped) : SOURCE_FILE.test(entry.name);
  });
}
