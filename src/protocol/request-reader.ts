import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { wireFieldsOf } from './field-rules';
import { validateSync, type ValidatorOptions } from 'class-validator';
import { InvalidEventError } from '../errors';
import { describeValidationErrors } from './validation-messages';
import { customParameterConversions } from './custom-parameter-types';

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
