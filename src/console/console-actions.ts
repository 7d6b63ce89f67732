import { FrameworkEventType } from '../protocol/constants';
import type { ConsoleSettings } from './console-settings';

/** What the page can ask the function to do, by the event it sends. */
export const ConsoleActions = [
  'get-status',
  'list-resources',
  'grant-access',
  'revoke-access',
  'create-credentials',
  'reset-credentials',
  'delete-credentials',
  'reconcile',
] as const;

/** One of {@link ConsoleActions}. */
export type ConsoleAction = (typeof ConsoleActions)[number];

/**
 * The event a page request stands for: the action's event type, the form's
 * fields, and the resource type and custom parameters of the settings (the page
 * never holds secret custom parameters; the server adds them). Throws an error
 * naming the field and the rule; values are never echoed.
 *
 * @example
 * ```ts
 * consoleEvent({ action: 'grant-access', grantId: 'g-1', username: 'dana@example.com', resources: ['proj-billing'], permission: 'reader' }, settings);
 * // { event_type: 'grant-access', params: { grant_id: 'g-1', …, resource_type: 'project', custom_parameters: {…} } }
 * ```
 */
export function consoleEvent(input: unknown, settings: ConsoleSettings): { event_type: string; params: Record<string, unknown> } {
  if (typeof input !== 'object' || input === null) throw new Error('the request must be a JSON object with an "action"');
  const body = input as Record<string, unknown>;
  const action = body.action;
  if (typeof action !== 'string' || !(ConsoleActions as readonly string[]).includes(action)) {
    throw new Error(`action must be one of ${ConsoleActions.join(', ')}`);
  }
  if (settings.resourceType === '') throw new Error('set the resource type first (Settings)');
  const custom_parameters = settings.customParameters;
  const resource_type = settings.resourceType;
  switch (action as ConsoleAction) {
    case 'get-status':
      return { event_type: action, params: { custom_parameters } };
    case 'list-resources':
      return { event_type: action, params: { resource_type, custom_parameters } };
    case 'grant-access':
    case 'revoke-access':
      return {
        event_type: action,
        params: {
          grant_id: text(body, 'grantId'),
          username: text(body, 'username'),
          resource_type,
          resources: list(body, 'resources'),
          permission: text(body, 'permission'),
          custom_parameters,
        },
      };
    case 'create-credentials':
    case 'reset-credentials':
    case 'delete-credentials':
      return { event_type: action, params: { username: text(body, 'username'), resource_type, resources: list(body, 'resources'), custom_parameters } };
    case 'reconcile':
      if (typeof body.dryRun !== 'boolean') throw new Error('dryRun must be true or false');
      return { event_type: FrameworkEventType.Reconcile, params: { resource_types: [resource_type], dry_run: body.dryRun, custom_parameters } };
  }
}

function text(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '' || value.length > 1024) throw new Error(`${field} must be a non-empty string of at most 1024 characters`);
  return value.trim();
}

function list(body: Record<string, unknown>, field: string): string[] {
  const value = body[field];
  if (!Array.isArray(value) || value.length === 0 || value.length > 100 || !value.every((item) => typeof item === 'string' && item !== '')) {
    throw new Error(`${field} must be a list of 1 to 100 non-empty strings`);
  }
  return value as string[];
}
