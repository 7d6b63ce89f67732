import { IntegrationDefinitionError } from '../errors';
import type { GrantStore } from '../grants/grant-store';
import { MemoryGrantStore } from '../grants/memory-grant-store';
import { getLocalStoreOverride } from './local-store-override';
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
