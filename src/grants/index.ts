export { GrantLedger, type GrantMethodResult, type GrantOutcome, type GrantLedgerOptions } from './grant-ledger';
export type { GrantLock } from './grant-lock';
export { CredentialLedger, type CredentialLedgerOptions } from './credential-ledger';
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
export type {
  GrantStore,
  GrantWrite,
  GrantWriteCondition,
  GrantWriteResult,
  GrantRecordFields,
  RemovableGrantField,
  GrantListOptions,
} from './grant-store';
export type {
  CredentialStore,
  CredentialWrite,
  CredentialWriteResult,
  CredentialLockResult,
  CredentialRelease,
  CredentialRecordFields,
  CredentialListOptions,
} from './credential-store';
export { hashGrantPayload, credentialIdFor } from './payload-hash';
export { GrantLedgerDefaults, RecordLimits } from './constants';
export { GrantStatus, type GrantIntent, type GrantRecord, type GrantTransition } from './types/grant-record';
export {
  CredentialStatus,
  CredentialAction,
  type CredentialKey,
  type CredentialRecord,
  type CredentialTransition,
} from './types/credential-record';
