import { IntegrationDefinitionError } from '../errors';
import type { GrantStore } from '../grants/grant-store';
import { MemoryGrantStore } from '../grants/memory-grant-store';
import type { BootstrapOptions } from './options';

/** The store a handler starts with: the local CLI's override, the configured one, or memory. */
export function chooseStore(options: BootstrapOptions): GrantStore {
  return getLocalStoreOverride() ?? options.store ?? new MemoryGrantStore();
}

/**
 * Refuses a store whose state dies with the instance inside real Lambda: every
 * cold start would forget every grant, and revokes would run blind.
 */
export function assertStoreFitsRuntime(store: GrantStore, options: BootstrapOptions, className: string): void {
  if (store.durable || options.allowEphemeralStore === true || !process.env.AWS_LAMBDA_FUNCTION_NAME) return;
  throw new IntegrationDefinitionError(
    `${className} runs in AWS Lambda with a ${store.constructor.name}, whose grant records die with this instance. ` +
      'Pass `store: new DynamoDbGrantStore({ tableName })` to bootstrap(), or `allowEphemeralStore: true` if losing them is acceptable.',
  );
}

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
