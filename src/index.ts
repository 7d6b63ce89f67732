import 'reflect-metadata'; // first: tsyringe, class-transformer and class-validator read decorator metadata through it

// What an integration author uses, and nothing else: test/public-api.test.ts holds the list.
// Stores: 'apono-lambda-kit/stores'; tests: 'apono-lambda-kit/testing'; CDK: 'apono-lambda-kit/cdk'.

export { Integration, type ResourceTypesOf } from './integration';
export { ListResources, Grant, Revoke, CreateCredentials, ResetCredentials, DeleteCredentials, GetStatus, ListResourceTags, ListAccess } from './capabilities/decorators';

export { bootstrap, type AponoHandler } from './bootstrap/bootstrap';
export { Tokens } from './bootstrap/container';
export type { BootstrapOptions, Provider } from './bootstrap/options';
export type { Invocation, LambdaContext } from './bootstrap/invocation';
export type { ReconcileOptions } from './reconcile/types';

export { ListResourcesRequest, GrantRequest, RevokeRequest, CredentialsRequest, StatusRequest, type ListAccessRequest, type AccessEntry } from './protocol/requests';
export type { ListResourcesResult, GrantResult, CredentialsResult } from './protocol/types';
export type { GrantRecord } from './grants/records';

export { IntegrationError, InvalidEventError, UnsupportedEventError, isIntegrationError } from './errors';
export { HttpError } from './bootstrap/retry';

export { MemoryGrantStore } from './grants/memory-grant-store';
export { DynamoDbGrantStore } from './grants/dynamodb';
export { GrantTable } from './grants/dynamodb/grant-table';

export type { Logger } from './logging/logger';

// From the copy the framework resolves with; no `@singleton()`: see docs/architecture.md#dependency-injection.
export { inject, injectable, Lifecycle } from 'tsyringe';
