import type * as NodeCrypto from 'node:crypto';

/** Loaded on first use: `node:crypto` costs ~3 ms of cold start that get-status and list-resources never need. */
let randomUUID: typeof NodeCrypto.randomUUID | undefined;

/** A fresh UUID, from node:crypto loaded on first call. */
export function freshUuid(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  randomUUID ??= (require('node:crypto') as typeof NodeCrypto).randomUUID;
  return randomUUID();
}

/**
 * A lock owner for one invocation. The request id alone is not unique: Lambda
 * re-delivers an async event with the same one, and two deliveries may overlap.
 */
export function lockOwnerFor(awsRequestId: string): string {
  // Cut: the owner is kept in every history entry, and a local caller may send any request id.
  return `${awsRequestId.slice(0, 128)}/${freshUuid().slice(0, 8)}`;
}
