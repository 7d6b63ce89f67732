import 'reflect-metadata'; // first: tsyringe, class-transformer and class-validator read decorator metadata through it

export * from './errors';
export * from './integration';
export {
  ListResources,
  Grant,
  Revoke,
  CreateCredentials,
  ResetCredentials,
  DeleteCredentials,
  GetStatus,
  ListResourceTags,
  ListAccess,
  type CapabilityDecorator,
  type ListResourcesMethod,
  type GrantMethod,
  type RevokeMethod,
  type IssueCredentialsMethod,
  type DeleteCredentialsMethod,
  type GetStatusMethod,
  type ListResourceTagsMethod,
  type ListAccessMethod,
} from './decorators';
export {
  EventType,
  LAMBDA_RESPONSE_LIMIT_BYTES,
  ListResourcesRequest,
  GrantRequest,
  RevokeRequest,
  CredentialsRequest,
  StatusRequest,
  FrameworkEventType,
  ReconcileRequest,
  type ListAccessRequest,
  type AccessEntry,
} from './protocol';
export type * from './protocol/types/wire';
export type * from './protocol/types/method-results';
export { bootstrap, Tokens, type AponoHandler, type BootstrapOptions, type Provider, type Invocation, type LambdaContext } from './bootstrap';
export type { RetryFunction, RetryAttempt, RetryOptions } from './bootstrap/retry';
export { HttpError, isRetryableError, type HttpErrorOptions, type ResponseLike, type HeadersLike } from './bootstrap/http-error';
export * from './logging';
export type { ReconcileOptions, ReconcileReport, OrphanedAccess, OrphanReason, MissingAccess, UncertainRecord, RevokedAccess } from './reconcile';
export { RECONCILE_GRANT_ID_PREFIX } from './reconcile/reconcile';
export { MetricUnits, type MetricsOptions, type MetricName } from './metrics/emf';
export * from './grants';

// tsyringe's decorators, from the copy the framework resolves with: a second copy
// (npm link, a folder install) would keep its own registry and break injection.
// Not `@singleton()`: tsyringe would build such a class in the first invocation's
// container (keeping its request-scoped values); a `providers` entry is a safe singleton.
export { inject, injectable, Lifecycle } from 'tsyringe';
