/**
 * `apono-lambda-kit/stores`: for writing a grant store and for tools that read the ledger; an integration needs none of it.
 * A store passes the built-in stores' contract tests (README, "Writing a store").
 * @example import type { GrantStore, GrantRecord } from 'apono-lambda-kit/stores';
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
