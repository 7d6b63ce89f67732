import 'reflect-metadata'; // first: tsyringe, class-transformer and class-validator read decorator metadata through it

// The package root: what an integration author uses, and nothing else (test/public-api.test.ts
// holds the list, so an addition is a decision). Writing a store: 'apono-lambda-kit/stores';
// tests: 'apono-lambda-kit/testing'; deploying with CDK: 'apono-lambda-kit/cdk'.

// The class and its capabilities.
export { Integration, type ResourceTypesOf } from './integration';
export { ListResources, Grant, Revoke, CreateCredentials, ResetCredentials, DeleteCredentials, GetStatus, ListResourceTags, ListAccess } from './capabilities/decorators';

// The handler.
export { bootstrap, type AponoHandler } from './bootstrap/bootstrap';
export { Tokens } from './bootstrap/container';
export type { BootstrapOptions, Provider } from './bootstrap/options';
export type { Invocation, LambdaContext } from './bootstrap/invocation';
export type { ReconcileOptions } from './reconcile/types';

// What methods receive and return.
export { ListResourcesRequest, GrantRequest, RevokeRequest, CredentialsRequest, StatusRequest, type ListAccessRequest, type AccessEntry } from './protocol/requests';
export type { ListResourcesResult, GrantResult, CredentialsResult } from './protocol/types';
export type { GrantRecord } from './grants/records';

// Errors: match them by name (two bundled copies of the package must recognise each other's).
export { IntegrationError, InvalidEventError, UnsupportedEventError, isIntegrationError } from './errors';
export { HttpError } from './bootstrap/retry';

// Where grants are recorded.
export { MemoryGrantStore } from './grants/memory-grant-store';
export { DynamoDbGrantStore } from './grants/dynamodb';
export { GrantTable } from './grants/dynamodb/constants';

// Logging.
export type { Logger } from './logging/logger';

// tsyringe's decorators, from the copy the framework resolves with: a second copy
// (npm link, a folder install) would keep its own registry and break injection.
// Not `@singleton()`: tsyringe would build such a class in the first invocation's
// container (keeping its request-scoped values); a `providers` entry is a safe singleton.
export { inject, injectable, Lifecycle } from 'tsyringe';
