import { InvalidEventError } from '../errors';
import { FORBIDDEN_KEYS } from './constants';
import { getMetadataStorage, validateSync, type ValidationError, type ValidatorOptions } from 'class-validator';
import { type ClassConstructor, plainToInstance } from 'class-transformer';
import { wireFieldsOf } from './requests';

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

/** Rules whose value is a number: a numeric string is read as that number. */
const NUMBER_RULES: ReadonlySet<string> = new Set(['isInt', 'isNumber', 'min', 'max', 'isPositive', 'isNegative', 'isDivisibleBy', 'isLatitude', 'isLongitude']);
/** Rules whose value is a boolean: "true" and "false" are read as booleans. */
const BOOLEAN_RULES: ReadonlySet<string> = new Set(['isBoolean']);
/** A whole decimal literal, as a person types a number in a form: no units, no hex, no blanks. */
const NUMERIC = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** What a custom parameter is converted to. */
type Conversion = 'number' | 'boolean';

/**
 * How the string values Apono sends become the types a custom parameters class
 * declares, read from its class-validator rules once, at init: `@IsInt`,
 * `@IsNumber`, `@Min`, `@Max`… make a numeric string a number; `@IsBoolean` makes
 * "true"/"false" booleans. Why the rules and not `design:type` (class-transformer's
 * implicit conversion): bundlers such as esbuild emit no decorator metadata, and
 * the conversion must be the same on every build path.
 *
 * @example
 * ```ts
 * const convert = customParameterConversions(DatabaseParams);
 * convert({ port: '5432', tls: 'false' }); // { port: 5432, tls: false }
 * ```
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
  /**
   * One line per property, for the rule declared first (the top decorator, usually
   * the type): class-validator runs a property's rules bottom-up, so with all of them
   * collected the first declared is the last one reported.
   */
  firstDeclaredOnly?: boolean;
  /** True when the property has no value: the line then says it is required. */
  missing?: (property: string) => boolean;
}

/**
 * Turns class-validator errors into "path rule" lines. Built from the rule's
 * message only: with `validationError: { value: false }` the value never travels.
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
      // class-validator's default messages start with the property name: say it once.
      const rule = message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message;
      lines.push(options.missing?.(error.property) === true ? `${path} is required: ${rule}` : `${path} ${rule}`);
    }
    if (error.children?.length) lines.push(...describeValidationErrors(error.children, path, (p) => p, options));
  }
  return lines;
}

/** What reading a request yields: the typed request and the params fields it dropped. */
export interface ReadRequest<R> {
  request: R;
  /** Names of params fields the protocol does not define: dropped, for a log line. */
  strippedFields: string[];
}

const VALIDATOR_OPTIONS: ValidatorOptions = {
  stopAtFirstError: true,
  forbidUnknownValues: false,
  validationError: { target: false, value: false },
};

const CUSTOM_PARAMETERS = 'custom_parameters';

/**
 * Reads the params of one event type into its request class and the integration's
 * custom parameters class. Built once per event type at init; `read` runs per invocation.
 *
 * @example
 * ```ts
 * const reader = new RequestReader(GrantRequest, PortalParams);
 * const { request } = reader.read(event.params);   // GrantRequest<PortalParams>, or InvalidEventError
 * ```
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
      // Arrays are copied, as class-transformer would: the request must not alias the event.
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
    // Every rule of a property, so that the message names the one declared first (the type), not the last one run.
    const errors = validateSync(typed, { ...VALIDATOR_OPTIONS, stopAtFirstError: false });
    if (errors.length > 0) {
      const missing = (property: string) => (typed as Record<string, unknown>)[property] === undefined;
      throw new InvalidEventError(describeValidationErrors(errors, 'params.custom_parameters', (p) => p, { firstDeclaredOnly: true, missing }).join('; '));
    }
    return typed as R['customParameters'];
  }
}
