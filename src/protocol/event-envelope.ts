import { InvalidEventError } from '../errors';
import { FORBIDDEN_KEYS } from './constants';

/** The envelope of an event, checked: an event type and (maybe) a params object. */
export interface EventEnvelope {
  eventType: string;
  params: Record<string, unknown> | undefined;
}

/** Deeper than this, an event is refused rather than walked: Apono's events are two levels deep. */
const MAX_DEPTH = 32;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Refuses keys such as `__proto__` anywhere in the event. JSON.parse makes them
 * own properties, and a later spread or merge into a normal object would then
 * rewrite that object's prototype.
 */
function assertNoForbiddenKeys(value: unknown, path: string, depth: number): void {
  if (typeof value !== 'object' || value === null) return;
  if (depth > MAX_DEPTH) throw new InvalidEventError(`${path} is nested more than ${MAX_DEPTH} levels deep`);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) assertNoForbiddenKeys(value[i], `${path}[${i}]`, depth + 1);
    return;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) {
      throw new InvalidEventError(`${path}.${key} is not allowed: that key could pollute object prototypes`);
    }
    assertNoForbiddenKeys((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
  }
}

/**
 * Checks the envelope of a raw event: an object with a non-empty string
 * `event_type` and, when present, an object `params`; no forbidden keys anywhere.
 *
 * @example
 * ```ts
 * const { eventType, params } = readEnvelope(JSON.parse(body));
 * ```
 */
export function readEnvelope(raw: unknown): EventEnvelope {
  if (!isPlainObject(raw)) throw new InvalidEventError('the event must be a JSON object');
  assertNoForbiddenKeys(raw, 'event', 0);
  const eventType = raw.event_type;
  if (typeof eventType !== 'string' || eventType.length === 0) {
    throw new InvalidEventError('event.event_type must be a non-empty string');
  }
  const params = raw.params;
  if (params !== undefined && params !== null && !isPlainObject(params)) {
    throw new InvalidEventError('event.params must be an object');
  }
  return { eventType, params: params ?? undefined };
}
