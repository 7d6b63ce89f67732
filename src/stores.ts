/**
 * `apono-lambda-kit/stores`: the seam for people writing a grant store (another
 * database, an encrypting wrapper) and for tools that read the ledger. An
 * integration needs none of it: the package root has the two stores and
 * `GrantTable`. A store is checked by the same contract tests the two built-in
 * ones pass (README, "Writing a store").
 *
 * @example
 * ```ts
 * import type { GrantStore, GrantRecord, GrantPutExpectation, GrantWriteResult } from 'apono-lambda-kit/stores';
 *
 * class PostgresGrantStore implements GrantStore {
 *   async put(record: GrantRecord, expect: GrantPutExpectation): Promise<GrantWriteResult> { … }
 *   …
 * }
 * ```
 */
export type { GrantStore, GrantPutExpectation, GrantRevokeLock, GrantWriteResult, GrantListOptions, GrantPage, GrantPageOptions } from './grants/grant-store';
export type {
  CredentialStore,
  CredentialWrite,
  CredentialWriteResult,
  CredentialLockResult,
  CredentialRelease,
  CredentialRecordFields,
  CredentialListOptions,
} from './grants/grant-store';
export type { GrantLock } from './grants/grant-store';
export { GrantStatus, type GrantIntent, type GrantRecord, type GrantTransition } from './grants/records';
export { CredentialStatus, CredentialAction, type CredentialKey, type CredentialRecord, type CredentialTransition } from './grants/records';
export { RecordLimits } from './grants/constants';
export { GrantStoreUnavailableError } from './errors';
export { createGrantTable, type CreateGrantTableOptions, type DynamoDbGrantStoreOptions } from './grants/dynamodb';
