/**
 * The wire shapes of PROTOCOL.md: what Apono sends and what it gets back.
 * Snake_case because that is what travels; handlers see camelCase request objects.
 */

/** The envelope of every event. */
export interface AponoEvent {
  event_type: string;
  params?: Record<string, unknown>;
}

/** One resource of a list-resources answer. */
export interface WireResource {
  id: string;
  name: string;
  /** Always the request's `resource_type`. */
  type: string;
  metadata?: Record<string, string>;
}

/** One permission of a list-resources answer. */
export interface WirePermission {
  id: string;
  name: string;
}

/** The list-resources answer. */
export interface ListResourcesAnswer {
  resources: WireResource[];
  permissions: WirePermission[];
}

/** The answer of get-status, list-resources-tags and unknown events. */
export interface StatusAnswer {
  status: 'active';
}

/** The answer of grant-access, revoke-access and delete-credentials. */
export interface OkAnswer {
  status: 'ok';
}

/** The answer of create-credentials and reset-credentials. */
export interface SecretAnswer {
  status: 'ok';
  secret: string;
}

/** Any answer the handler returns. */
export type AponoAnswer = ListResourcesAnswer | StatusAnswer | OkAnswer | SecretAnswer | Record<string, unknown>;
