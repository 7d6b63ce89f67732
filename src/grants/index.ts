// The public surface of grant tracking (re-exported as is by src/index.ts). The ledgers
// and hashing are the framework's own: it imports them from their files.
export type { GrantLock } from './grant-lock';
export { LockNotReleasedError } from './lock-not-released-error';
export { MemoryGrantStore } from './memory-grant-store';
export {
  DynamoDbGrantStore,
  createGrantTable,
  GrantTableSchema,
  GrantTableKeySchema,
  GrantTableAttributeDefinitions,
  GrantTableIamActions,
  type DynamoDbGrantStoreOptions,
  type CreateGrantTableOptions,
} from './dynamodb';
export type { GrantStore, GrantPutExpectation, GrantRevokeLock, GrantWriteResult, GrantListOptions, GrantPage, GrantPageOptions } from './grant-store';
export type {
  CredentialStore,
  CredentialWrite,
  CredentialWriteResult,
  CredentialLockResult,
  CredentialRelease,
  CredentialRecordFields,
  CredentialListOptions,
} from './credential-store';
export { RecordLimits } from './constants';
export { GrantStatus, type GrantIntent, type GrantRecord, type GrantTransition } from './types/grant-record';
export {
  CredentialStatus,
  CredentialAction,
  type CredentialKey,
  type CredentialRecord,
  type CredentialTransition,
} from './types/credential-record';
