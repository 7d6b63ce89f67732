import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { KNOWN_EVENT_TYPES } from '../../protocol/constants';

/** The resource type the read-only events default to, and `--example-values` invents. */
export const EXAMPLE_RESOURCE_TYPE = 'resource';

/**
 * The invented stand-in for a param (`--example-values`); a fresh `grant_id` each time, as Apono gives.
 * @example exampleValue('username'); // 'user@example.com'
 */
export function exampleValue(field: string): unknown {
  switch (field) {
    case 'grant_id':
      return randomUUID();
    case 'username':
      return 'user@example.com';
    case 'resource_type':
      return EXAMPLE_RESOURCE_TYPE;
    case 'resources':
      return ['resource-1'];
    case 'permission':
      return 'reader';
    default:
      return `example-${field}`;
  }
}

/**
 * One line for stderr naming every invented value, so nobody mistakes them for theirs.
 * @example describeExampleValues({ username: 'user@example.com' }); // 'apono-lambda invoke: --example-values invented: username=user@example.com'
 */
export function describeExampleValues(invented: Readonly<Record<string, unknown>>): string {
  const pairs = Object.entries(invented).map(([field, value]) => `${field}=${Array.isArray(value) ? value.join(',') : String(value)}`);
  return `apono-lambda invoke: --example-values invented: ${pairs.join(', ')} (not real values; pass --param to choose them)`;
}

/**
 * The params a mutating event must be given: `invoke` never makes them up. See docs/local-loop.md#invoke-events.
 * @example RequiredParams['create-credentials']; // ['username', 'resource_type', 'resources']
 */
export const RequiredParams: Readonly<Record<string, readonly string[]>> = {
  'grant-access': ['grant_id', 'username', 'resource_type', 'resources', 'permission'],
  'revoke-access': ['grant_id', 'username', 'resource_type', 'resources', 'permission'],
  'create-credentials': ['username', 'resource_type', 'resources'],
  'reset-credentials': ['username', 'resource_type', 'resources'],
  'delete-credentials': ['username', 'resource_type', 'resources'],
};

const PLACEHOLDERS: Readonly<Record<string, string>> = {
  grant_id: '<id>',
  username: '<user>',
  resource_type: '<type>',
  resources: '<a,b>',
  permission: '<permission>',
};

/**
 * The required params of an event type that `params` lacks, in protocol order.
 * @example missingRequiredParams('grant-access', { username: 'dana@example.com' }); // ['grant_id', 'resource_type', 'resources', 'permission']
 */
export function missingRequiredParams(eventType: string, params: Readonly<Record<string, unknown>>): string[] {
  return (RequiredParams[eventType] ?? []).filter((field) => params[field] === undefined);
}

/**
 * The refusal for a mutating event with params missing: each field, its flag, and the opt-in.
 * @example throw missingParamsError('grant-access', ['grant_id', 'permission']);
 */
export function missingParamsError(eventType: string, missing: readonly string[]): Error {
  const flags = missing.map((field) => `--param ${field}=${PLACEHOLDERS[field] ?? '<value>'}`).join(' ');
  return new Error(
    `${eventType} needs explicit values; missing: ${missing.join(', ')}. ` +
      `Set them with ${flags} (or in a JSON event file), ` +
      'or pass --example-values to run it with invented values (listed on stderr).',
  );
}

/** The envelope of every event, as `invoke` builds it: the connector's, with `params` always present. */
export interface AponoEventEnvelope {
  event_type: string;
  params: Record<string, unknown> & { custom_parameters?: Record<string, unknown> };
}

/** What `invoke` adds to or overrides in an event. */
export interface EventOverrides {
  /** Top-level `params` fields (`grant_id`, `username`, `resources`, …). */
  params?: Record<string, unknown>;
  /** `params.custom_parameters` fields. */
  customParameters?: Record<string, unknown>;
}

/** How an event built from its type may fill in params the user did not give. */
export interface BuildEventOptions {
  /** Invent the params a mutating event lacks (`--example-values`) instead of refusing it. */
  exampleValues?: boolean;
}

/** An event, and the params that were invented for it (empty unless asked for). */
export interface BuiltEvent {
  event: AponoEventEnvelope;
  invented: Record<string, unknown>;
}

/**
 * Builds an event of a type, then applies overrides; a mutating event lacking params is refused.
 * @example
 * const { event } = buildEvent('grant-access', { params: { grant_id: 'g-1', username: 'dana@example.com',
 *   resource_type: 'project', resources: ['proj-billing'], permission: 'reader' } });
 */
export function buildEvent(eventType: string, overrides: EventOverrides = {}, options: BuildEventOptions = {}): BuiltEvent {
  const given = { ...defaultParams(eventType), ...(overrides.params ?? {}) };
  const missing = missingRequiredParams(eventType, given);
  if (missing.length > 0 && !options.exampleValues) throw missingParamsError(eventType, missing);
  const invented = Object.fromEntries(missing.map((field) => [field, exampleValue(field)]));
  const event = applyOverrides({ event_type: eventType, params: {} }, { ...overrides, params: { ...invented, ...given } });
  return { event, invented };
}

/**
 * Reads an event from a JSON file, then applies overrides.
 * @example readEventFile('events/grant.json', { customParameters: { base_url: 'http://127.0.0.1:8080' } });
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
  if (typeof envelope.event_type !== 'string' || envelope.event_type === '') {
    throw new Error(`the event file ${filePath} needs an "event_type" string (such as "grant-access")`);
  }
  const params = envelope.params && typeof envelope.params === 'object' ? envelope.params : {};
  return applyOverrides({ ...(parsed as object), event_type: envelope.event_type, params: { ...params } }, overrides);
}

/**
 * The event an `invoke` argument names: a JSON file (an existing path, or `.json`), else an event type.
 * @example
 * resolveEventArgument('get-status').event;          // built from defaults
 * resolveEventArgument('fixtures/grant.json').event; // read from the file
 */
export function resolveEventArgument(argument: string, overrides: EventOverrides = {}, options: BuildEventOptions = {}): BuiltEvent {
  // A file is the user's own event: nothing is invented for it, nothing refused (the handler validates it).
  if (argument.endsWith('.json') || existsSync(argument)) return { event: readEventFile(argument, overrides), invented: {} };
  return buildEvent(argument, overrides, options);
}

/**
 * Parses repeated `k=v` options: JSON arrays and objects parsed, `resources` also a comma list.
 * @example parseKeyValuePairs(['username=dana@example.com', 'resources=a,b']); // { username: '…', resources: ['a', 'b'] }
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

/** The params a read-only event defaults to; mutating events get none. */
function defaultParams(eventType: string): Record<string, unknown> {
  if (eventType === 'list-resources') return { resource_type: EXAMPLE_RESOURCE_TYPE };
  if (!KNOWN_EVENT_TYPES.has(eventType) && !/^[a-z][a-z0-9-]*$/.test(eventType)) {
    throw new Error(`"${eventType}" is neither an event type nor an existing event file`);
  }
  return {};
}

function applyOverrides(event: AponoEventEnvelope, overrides: EventOverrides): AponoEventEnvelope {
  const existingCustom = event.params.custom_parameters;
  const custom = {
    ...(existingCustom && typeof existingCustom === 'object' ? existingCustom : {}),
    ...(overrides.customParameters ?? {}),
  };
  return { ...event, params: { ...event.params, ...(overrides.params ?? {}), custom_parameters: custom } };
}
