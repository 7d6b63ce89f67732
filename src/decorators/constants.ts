import { EventType, FrameworkEventType } from '../protocol/constants';

/**
 * The capabilities an integration class can declare, one decorator each, and the
 * event type each one handles.
 */
export const Capability = {
  ListResources: 'ListResources',
  Grant: 'Grant',
  Revoke: 'Revoke',
  CreateCredentials: 'CreateCredentials',
  ResetCredentials: 'ResetCredentials',
  DeleteCredentials: 'DeleteCredentials',
  GetStatus: 'GetStatus',
  ListResourceTags: 'ListResourceTags',
  ListAccess: 'ListAccess',
} as const;

/** One of {@link Capability}. */
export type Capability = (typeof Capability)[keyof typeof Capability];

/** The event type each capability's method handles. */
export const CAPABILITY_EVENT_TYPE: Readonly<Record<Capability, string>> = {
  ListResources: EventType.ListResources,
  Grant: EventType.GrantAccess,
  Revoke: EventType.RevokeAccess,
  CreateCredentials: EventType.CreateCredentials,
  ResetCredentials: EventType.ResetCredentials,
  DeleteCredentials: EventType.DeleteCredentials,
  GetStatus: EventType.GetStatus,
  ListResourceTags: EventType.ListResourcesTags,
  ListAccess: FrameworkEventType.Reconcile,
};

/** Capabilities every integration must declare exactly once. */
export const REQUIRED_CAPABILITIES: readonly Capability[] = [Capability.ListResources, Capability.Grant, Capability.Revoke];
