/**
 * Event types the framework answers besides Apono's eight: sent by a schedule or the CLI, never by Apono.
 * @example JSON.stringify({ event_type: FrameworkEventType.Reconcile, params })
 */
export const FrameworkEventType = {
  Reconcile: 'apono-lambda-kit:reconcile',
  // Read-only, for tests, the CLI and the console.
  ListAccess: 'apono-lambda-kit:list-access',
} as const;

/** The event types Apono sends (PROTOCOL.md, "The eight event types"). @example if (event.event_type === EventType.GrantAccess) { … } */
export const EventType = {
  GetStatus: 'get-status',
  ListResources: 'list-resources',
  ListResourcesTags: 'list-resources-tags',
  GrantAccess: 'grant-access',
  RevokeAccess: 'revoke-access',
  CreateCredentials: 'create-credentials',
  ResetCredentials: 'reset-credentials',
  DeleteCredentials: 'delete-credentials',
} as const;

/** One of the eight {@link EventType} values. */
export type EventType = (typeof EventType)[keyof typeof EventType];

export const KNOWN_EVENT_TYPES: ReadonlySet<string> = new Set<string>(Object.values(EventType));

/** Lambda's limit on a synchronous response: 6 MB [aws]. The protocol has no pagination, so answers must fit. */
export const LAMBDA_RESPONSE_LIMIT_BYTES = 6 * 1024 * 1024;

// The seed's answer to what it does not handle; Apono accepts it.
export const ACTIVE_ANSWER = Object.freeze({ status: 'active' as const });

export const OK_ANSWER = Object.freeze({ status: 'ok' as const });

// Refused anywhere in an event: docs/capabilities.md#reading-requests.
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

// UTF-8 bytes: DynamoDB refuses keys over 2,048 bytes, and the record stores the grant_id twice.
export const GRANT_ID_MAX_BYTES = 1024;
