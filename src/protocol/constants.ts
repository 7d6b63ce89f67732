/**
 * Event types the framework answers besides Apono's eight: sent by a schedule
 * (EventBridge) or by the CLI, never by Apono.
 *
 * @example
 * ```ts
 * await lambda.send(new InvokeCommand({ FunctionName, Payload: JSON.stringify({ event_type: FrameworkEventType.Reconcile, params }) }));
 * ```
 */
export const FrameworkEventType = {
  Reconcile: 'apono-lambda-kit:reconcile',
  /** The access `@ListAccess` lists for one resource type, checked (read-only: for tests, the CLI and the console). */
  ListAccess: 'apono-lambda-kit:list-access',
} as const;

/**
 * The event types Apono sends (PROTOCOL.md, "The eight event types").
 *
 * @example
 * ```ts
 * if (event.event_type === EventType.GrantAccess) { … }
 * ```
 */
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

/**
 * One of the eight {@link EventType} values.
 *
 * @example
 * ```ts
 * const writes: EventType[] = [EventType.GrantAccess, EventType.RevokeAccess, 'delete-credentials'];
 * ```
 */
export type EventType = (typeof EventType)[keyof typeof EventType];

/** Every known event type, for membership checks. */
export const KNOWN_EVENT_TYPES: ReadonlySet<string> = new Set<string>(Object.values(EventType));

/**
 * Lambda's limit on a synchronous response payload: 6 MB. [aws]
 *
 * @example
 * ```ts
 * // The protocol has no pagination: warn well before list-resources stops fitting.
 * const bytes = Buffer.byteLength(JSON.stringify(answer));
 * if (bytes > 0.8 * LAMBDA_RESPONSE_LIMIT_BYTES) logger.warn('list-resources answer near the limit', { bytes });
 * ```
 */
export const LAMBDA_RESPONSE_LIMIT_BYTES = 6 * 1024 * 1024;

/**
 * The seed's answer to anything it does not handle. Apono tolerates it for
 * get-status, list-resources-tags and events it may add later. Kept here so that
 * an answer shape learned later changes with one edit.
 */
export const ACTIVE_ANSWER = Object.freeze({ status: 'active' as const });

/** The answer to a grant, revoke or delete-credentials. */
export const OK_ANSWER = Object.freeze({ status: 'ok' as const });

/** Object keys that are refused anywhere in an event: they could pollute prototypes. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The longest `grant_id` accepted, in UTF-8 bytes. It is the grant record's key:
 * DynamoDB refuses keys over 2,048 bytes, and the record stores it twice.
 *
 * @example
 * ```ts
 * Buffer.byteLength(req.grantId) <= GRANT_ID_MAX_BYTES; // true for every request a method gets
 * ```
 */
export const GRANT_ID_MAX_BYTES = 1024;
