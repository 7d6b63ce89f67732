import { InvalidEventError } from '../errors';
import { FORBIDDEN_KEYS } from './constants';
import { getMetadataStorage, validateSync, type ValidationError, type ValidatorOptions } from 'class-validator';
import { type ClassConstructor, plainToInstance } from 'class-transformer';
import { wireFieldsOf } from './requests';

/** The envelope of an event, checked. */
export interface EventEnvelope {
  eventType: string;
  params: Record<string, unknown> | undefined;
}

/** Deeper is refused rather than walked: Apono's events are two levels deep. */
const MAX_DEPTH = 32;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `__proto__` and the like: see docs/capabilities.md#reading-requests. */
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
 * Checks a raw event's envelope: a non-empty `event_type`, an object `params` if any, no forbidden keys.
 * @example const { eventType, params } = readEnvelope(JSON.parse(body));
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

const NUMBER_RULES: ReadonlySet<string> = new Set(['isInt', 'isNumber', 'min', 'max', 'isPositive', 'isNegative', 'isDivisibleBy', 'isLatitude', 'isLongitude']);
const BOOLEAN_RULES: ReadonlySet<string> = new Set(['isBoolean']);
/** A whole decimal literal: no units, no hex, no blanks. */
const NUMERIC = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

type Conversion = 'number' | 'boolean';

/**
 * Converts Apono's strings to numbers and booleans, as the class's rules say (docs/capabilities.md#reading-requests).
 * @example customParameterConversions(DatabaseParams)({ port: '5432', tls: 'false' }); // { port: 5432, tls: false }
 */
export function customParameterConversions(cls: object): (plain: Record<string, unknown>) => Record<string, unknown> {
  const conversions = new Map<string, Conversion>();
  for (const rule of getMetadataStorage().getTargetValidationMetadatas(cls as new () => object, '', true, false)) {
    const name = rule.name ?? '';
    if (NUMBER_RULES.has(name)) conversions.set(rule.propertyName, 'number');
    else if (BOOLEAN_RULES.has(name) && !conversions.has(rule.propertyName)) conversions.set(rule.propertyName, 'boolean');
  }
  if (conversions.size === 0) return (plain) => plain;
  return (plain) => {
    const converted: Record<string, unknown> = { ...plain };
    for (const [property, to] of conversions) {
      if (!Object.hasOwn(plain, property)) continue;
      const value = plain[property];
      if (typeof value !== 'string') continue;
      if (to === 'number' && NUMERIC.test(value)) converted[property] = Number(value);
      else if (to === 'boolean' && (value === 'true' || value === 'false')) converted[property] = value === 'true';
    }
    return converted;
  };
}

/** How {@link describeValidationErrors} words a property's failure. */
export interface DescribeOptions {
  /** One line per property, for the rule declared first: class-validator reports it last. */
  firstDeclaredOnly?: boolean;
  missing?: (property: string) => boolean;
}

/**
 * Turns class-validator errors into "path rule" lines, built from the rule alone: never the value.
 * @example describeValidationErrors(errors, 'params', (p) => p); // ['params.username must be a non-empty string']
 */
export function describeValidationErrors(
  errors: readonly ValidationError[],
  basePath: string,
  wireName: (property: string) => string,
  options: DescribeOptions = {},
): string[] {
  const lines: string[] = [];
  for (const error of errors) {
    const path = `${basePath}.${wireName(error.property)}`;
    let messages = Object.values(error.constraints ?? {});
    if (options.firstDeclaredOnly === true && messages.length > 1) messages = messages.slice(-1);
    for (const message of messages) {
      // Default messages start with the property name: say it once.
      const rule = message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message;
      lines.push(options.missing?.(error.property) === true ? `${path} is required: ${rule}` : `${path} ${rule}`);
    }
    if (error.children?.length) lines.push(...describeValidationErrors(error.children, path, (p) => p, options));
  }
  return lines;
}

/** The typed request, and the params fields it dropped. */
export interface ReadRequest<R> {
  request: R;
  /** Params fields the protocol does not define: dropped, for a log line. */
  strippedFields: string[];
}

const VALIDATOR_OPTIONS: ValidatorOptions = {
  stopAtFirstError: true,
  forbidUnknownValues: false,
  validationError: { target: false, value: false },
};

const CUSTOM_PARAMETERS = 'custom_parameters';

/**
 * Reads one event type's params into its request class; built once at init, `read` per invocation.
 * @example const { request } = new RequestReader(GrantRequest, PortalParams).read(event.params); // or InvalidEventError
 */
export class RequestReader<R extends { customParameters: unknown }> {
  private readonly fields: ReadonlyArray<readonly [string, string]>;
  private readonly knownFields: ReadonlySet<string>;
  private readonly wireNames: ReadonlyMap<string, string>;
  private readonly convertCustomParameters: (plain: Record<string, unknown>) => Record<string, unknown>;

  constructor(
    private readonly requestClass: ClassConstructor<R>,
    private readonly customParametersClass: ClassConstructor<object> | undefined,
  ) {
    this.fields = wireFieldsOf(requestClass);
    this.knownFields = new Set([...this.fields.map(([wire]) => wire), CUSTOM_PARAMETERS]);
    this.wireNames = new Map(this.fields.map(([wire, property]) => [property, wire]));
    this.convertCustomParameters = customParametersClass === undefined ? (plain) => plain : customParameterConversions(customParametersClass);
  }

  read(params: Record<string, unknown> | undefined): ReadRequest<R> {
    const source = params ?? {};
    const request = new this.requestClass();
    for (const [wire, property] of this.fields) {
      const value = source[wire];
      // Arrays are copied: the request must not alias the event.
      (request as Record<string, unknown>)[property] = Array.isArray(value) ? [...value] : value;
    }
    const errors = validateSync(request, VALIDATOR_OPTIONS);
    if (errors.length > 0) {
      const missingParams = params === undefined ? ' (the event has no params)' : '';
      throw new InvalidEventError(describeValidationErrors(errors, 'params', (property) => this.wireNames.get(property) ?? property).join('; ') + missingParams);
    }
    request.customParameters = this.readCustomParameters(source[CUSTOM_PARAMETERS]);
    const strippedFields = Object.keys(source).filter((key) => !this.knownFields.has(key));
    return { request, strippedFields };
  }

  private readCustomParameters(raw: unknown): R['customParameters'] {
    if (raw !== undefined && (typeof raw !== 'object' || raw === null || Array.isArray(raw))) {
      throw new InvalidEventError('params.custom_parameters must be an object');
    }
    const plain = (raw ?? {}) as Record<string, unknown>;
    if (this.customParametersClass === undefined) return { ...plain } as R['customParameters'];
    const typed = plainToInstance(this.customParametersClass, this.convertCustomParameters(plain));
    // Every rule, so that the message names the one declared first (the type), not the last run.
    const errors = validateSync(typed, { ...VALIDATOR_OPTIONS, stopAtFirstError: false });
    if (errors.length > 0) {
      const missing = (property: string) => (typed as Record<string, unknown>)[property] === undefined;
      throw new InvalidEventError(describeValidationErrors(errors, 'params.custom_parameters', (p) => p, { firstDeclaredOnly: true, missing }).join('; '));
    }
    return typed as R['customParameters'];
  }
}
