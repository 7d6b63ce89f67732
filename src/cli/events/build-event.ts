import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { type AponoEventEnvelope, isAponoEventType } from './event-types';

/** What `invoke` adds to or overrides in an event. */
export interface EventOverrides {
  /** Top-level `params` fields (`grant_id`, `username`, `resources`, …). */
  params?: Record<string, unknown>;
  /** `params.custom_parameters` fields. */
  customParameters?: Record<string, unknown>;
}

const DEFAULT_USERNAME = 'user@example.com';
const DEFAULT_RESOURCE_TYPE = 'resource';
const DEFAULT_RESOURCES = ['resource-1'];
const DEFAULT_PERMISSION = 'reader';

/**
 * Builds an event of a type with sensible defaults, then applies overrides.
 * Grant events get a fresh `grant_id` unless one is given (a revoke that must
 * match a grant passes the grant's id).
 *
 * @example
 * ```ts
 * buildEvent('grant-access', { params: { username: 'dana@example.com', resources: ['proj-billing'] } });
 * ```
 */
export function buildEvent(eventType: string, overrides: EventOverrides = {}): AponoEventEnvelope {
  return applyOverrides({ event_type: eventType, params: defaultParams(eventType) }, overrides);
}

/**
 * Reads an event from a JSON file, then applies overrides.
 *
 * @example
 * ```ts
 * readEventFile('events/grant.json', { customParameters: { base_url: 'http://127.0.0.1:8080' } });
 * ```
 */
export function readEventFile(filePath: string, overrides: EventOverrides = {}): AponoEventEnvelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(filePath, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read the event file ${filePath}: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`the event file ${filePath} must hold a JSON object`);
  }
  const envelope = parsed as Partial<AponoEventEnvelope>;
  const params = envelope.params && typeof envelope.params === 'object' ? envelope.params : {};
  return applyOverrides({ ...(parsed as object), event_type: String(envelope.event_type), params: { ...params } }, overrides);
}

/**
 * The event an `invoke` argument names: a JSON file when the argument is an
 * existing path or ends in `.json`, otherwise an event type.
 *
 * @example
 * ```ts
 * resolveEventArgument('get-status');           // built from defaults
 * resolveEventArgument('fixtures/grant.json');  // read from the file
 * ```
 */
export function resolveEventArgument(argument: string, overrides: EventOverrides = {}): AponoEventEnvelope {
  if (argument.endsWith('.json') || existsSync(argument)) return readEventFile(argument, overrides);
  return buildEvent(argument, overrides);
}

/**
 * Parses repeated `k=v` options. Values that look like JSON arrays or objects
 * are parsed; `resources` also accepts a comma-separated list.
 *
 * @example
 * ```ts
 * parseKeyValuePairs(['username=dana@example.com', 'resources=a,b']); // { username: '…', resources: ['a', 'b'] }
 * ```
 */
export function parseKeyValuePairs(pairs: readonly string[]): Record<string, unknown> {
  const result: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const pair of pairs) {
    const separator = pair.indexOf('=');
    if (separator <= 0) throw new Error(`expected key=value, got "${pair}"`);
    const key = pair.slice(0, separator);
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') throw new Error(`"${key}" is not an allowed key`);
    result[key] = parseValue(key, pair.slice(separator + 1));
  }
  return { ...result };
}

function parseValue(key: string, raw: string): unknown {
  const trimmed = raw.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      throw new Error(`the value of "${key}" looks like JSON but does not parse`);
    }
  }
  if (key === 'resources') return raw.split(',').map((item) => item.trim()).filter((item) => item !== '');
  return raw;
}

function defaultParams(eventType: string): Record<string, unknown> {
  switch (eventType) {
    case 'list-resources':
      return { resource_type: DEFAULT_RESOURCE_TYPE };
    case 'grant-access':
    case 'revoke-access':
      return {
        grant_id: randomUUID(),
        username: DEFAULT_USERNAME,
        resource_type: DEFAULT_RESOURCE_TYPE,
        resources: [...DEFAULT_RESOURCES],
        permission: DEFAULT_PERMISSION,
      };
    case 'create-credentials':
    case 'reset-credentials':
    case 'delete-credentials':
      return { username: DEFAULT_USERNAME, resource_type: DEFAULT_RESOURCE_TYPE, resources: [...DEFAULT_RESOURCES] };
    default:
      if (!isAponoEventType(eventType) && !/^[a-z][a-z0-9-]*$/.test(eventType)) {
        throw new Error(`"${eventType}" is neither an event type nor an existing event file`);
      }
      return {};
  }
}

function applyOverrides(event: AponoEventEnvelope, overrides: EventOverrides): AponoEventEnvelope {
  const existingCustom = event.params.custom_parameters;
  const custom = {
    ...(existingCustom && typeof existingCustom === 'object' ? existingCustom : {}),
    ...(overrides.customParameters ?? {}),
  };
  return { ...event, params: { ...event.params, ...(overrides.params ?? {}), custom_parameters: custom } };
}
