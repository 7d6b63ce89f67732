import type { Server } from 'node:http';

/** dynalite's options (it ships no types). */
export interface DynaliteOptions {
  path?: string;
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}

/** dynalite's factory: an http.Server speaking DynamoDB's API. */
export type DynaliteFactory = (options?: DynaliteOptions) => Server;

type ConditionCheck = (data: Record<string, unknown>, existingItem: unknown) => { body: Record<string, unknown> } | null | undefined;

let returnItemOnConditionFailure = true;
let loaded: DynaliteFactory | undefined;

/**
 * Turns the `ReturnValuesOnConditionCheckFailure` emulation (see {@link loadDynalite})
 * off, to test what a server without it does, or back on.
 *
 * @example
 * ```ts
 * emulateReturnValuesOnConditionCheckFailure(false);
 * ```
 */
export function emulateReturnValuesOnConditionCheckFailure(enabled: boolean): void {
  returnItemOnConditionFailure = enabled;
}

/**
 * Loads dynalite, taught one DynamoDB feature it predates:
 * `ReturnValuesOnConditionCheckFailure: ALL_OLD` on UpdateItem and PutItem (the failing item
 * comes back in the ConditionalCheckFailedException, checked under the same item
 * lock). Local runs and tests then send exactly the requests DynamoDB would get;
 * without it the store falls back to one extra consistent read per conflict.
 *
 * @example
 * ```ts
 * const server = loadDynalite()({ path: '.data/dynalite' });
 * server.listen(0, '127.0.0.1');
 * ```
 */
export function loadDynalite(): DynaliteFactory {
  if (loaded !== undefined) return loaded;
  /* eslint-disable @typescript-eslint/no-require-imports */
  let factory: DynaliteFactory;
  try {
    factory = require('dynalite') as DynaliteFactory;
  } catch {
    throw new Error('the embedded local store needs the "dynalite" package: npm install --save-dev dynalite (or pass --store memory)');
  }
  const validations = ['updateItem', 'putItem'].map((action) => require(`dynalite/validations/${action}`) as { types: Record<string, unknown> });
  const db = require('dynalite/db') as { checkConditional: ConditionCheck };
  /* eslint-enable @typescript-eslint/no-require-imports */
  for (const validation of validations) validation.types.ReturnValuesOnConditionCheckFailure = { type: 'String', enum: ['ALL_OLD', 'NONE'] };
  const checkConditional = db.checkConditional;
  db.checkConditional = (data, existingItem) => {
    const failure = checkConditional(data, existingItem);
    if (failure && returnItemOnConditionFailure && existingItem !== undefined && data.ReturnValuesOnConditionCheckFailure === 'ALL_OLD') {
      failure.body.Item = existingItem;
    }
    return failure;
  };
  loaded = factory;
  return factory;
}
