import type { GrantStore } from '../grants/grant-store';

/**
 * A process-wide store that replaces the one a handler module configured. Only
 * the local CLI sets it (`apono-lambda serve --store memory`), before it loads
 * the module. A global symbol, so that it reaches a handler module that loaded
 * another copy of this package.
 */
const OVERRIDE = Symbol.for('apono-lambda-kit.localStoreOverride');

type GlobalWithOverride = typeof globalThis & { [OVERRIDE]?: GrantStore };

/**
 * Sets (or clears, with undefined) the store every later `bootstrap()` uses.
 *
 * @example
 * ```ts
 * setLocalStoreOverride(new MemoryGrantStore());
 * const { handler } = require(handlerPath);
 * ```
 */
export function setLocalStoreOverride(store: GrantStore | undefined): void {
  if (store === undefined) delete (globalThis as GlobalWithOverride)[OVERRIDE];
  else (globalThis as GlobalWithOverride)[OVERRIDE] = store;
}

/** The store set by {@link setLocalStoreOverride}, if any. */
export function getLocalStoreOverride(): GrantStore | undefined {
  return (globalThis as GlobalWithOverride)[OVERRIDE];
}
