/** The eight event types Apono sends (PROTOCOL.md). */
export const AponoEventTypes = [
  'get-status',
  'list-resources',
  'list-resources-tags',
  'grant-access',
  'revoke-access',
  'create-credentials',
  'reset-credentials',
  'delete-credentials',
] as const;

/** One of {@link AponoEventTypes}. */
export type AponoEventType = (typeof AponoEventTypes)[number];

/** The envelope of every event: what the connector sends and `invoke` builds. */
export interface AponoEventEnvelope {
  event_type: string;
  params: Record<string, unknown> & { custom_parameters?: Record<string, unknown> };
}

/**
 * True for one of the eight documented event types.
 *
 * @example
 * ```ts
 * isAponoEventType('grant-access'); // true
 * ```
 */
export function isAponoEventType(value: string): value is AponoEventType {
  return (AponoEventTypes as readonly string[]).includes(value);
}
