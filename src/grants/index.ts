export { GrantLedger, type GrantLock, type GrantMethodResult, type GrantOutcome, type GrantLedgerOptions } from './grant-ledger';
export { CredentialLedger, type CredentialLedgerOptions } from './credential-ledger';
export { MemoryGrantStore } from './memory-grant-store';
export {
  DynamoDbGrantStore,
  createGrantTable,
  GrantTableSchema,
  GrantTableKeySchema,
  GrantTableAttributeDefinitions,
  type DynamoDbGrantStoreOptions,
  type CreateGrantTableOptions,
} from './dynamodb';
export type {
  GrantStore,
  CredentialStore,
  GrantWrite,
  GrantWriteCondition,
  GrantWriteResult,
  GrantRecordFields,
  RemovableGrantField,
  GrantListOptions,
  CredentialWrite,
  CredentialRecordFields,
  CredentialListOptions,
} from './grant-store';
export { hashGrantPayload, credentialIdFor } from './payload-hash';
export { GrantLedgerDefaults } from './constants';
export { GrantStatus, type GrantIntent, type GrantRecord, type GrantTransition } from './types/grant-record';
export {
  CredentialStatus,
  CredentialAction,
  type CredentialKey,
  type CredentialRecord,
  type CredentialTransition,
} from './types/credential-record';
