export { DynamoDbGrantStore, type DynamoDbGrantStoreOptions } from './dynamodb-grant-store';
export { createGrantTable, type CreateGrantTableOptions } from './grant-table';
export { GrantTableSchema, GrantTableKeySchema, GrantTableAttributeDefinitions, GrantTableIamActions } from './grant-table';
