import { Expose } from 'class-transformer';
import { IsBoolean, IsOptional, ValidateBy, type ValidationOptions } from 'class-validator';
import type { GrantRecord } from '../grants/records';
import { GRANT_ID_MAX_BYTES } from './constants';

const WIRE_FIELDS = 'apono-lambda-kit:wire-fields';

/**
 * Marks a request property read from `params[wireName]` (default: its name). See docs/architecture.md#wire-fields.
 * @example `class GrantRequest { @WireField('grant_id') @IsNonEmptyString() grantId!: string; }`
 */
export function WireField(wireName?: string): PropertyDecorator {
  const expose = Expose(wireName === undefined ? {} : { name: wireName });
  return (target, property) => {
    expose(target, property);
    const owner = target.constructor;
    const inherited: Array<[string, string]> = Reflect.getMetadata(WIRE_FIELDS, owner) ?? [];
    Reflect.defineMetadata(WIRE_FIELDS, [...inherited, [wireName ?? String(property), String(property)]], owner);
  };
}

/**
 * The (wire name, property name) pairs of a request class, its base classes' included.
 * @example wireFieldsOf(GrantRequest); // [['username', 'username'], …, ['grant_id', 'grantId'], ['permission', 'permission']]
 */
export function wireFieldsOf(requestClass: object): ReadonlyArray<readonly [string, string]> {
  return Reflect.getMetadata(WIRE_FIELDS, requestClass) ?? [];
}

function isNonEmptyString(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0;
}

// The field rules. Their messages name the rule, never the value: it may be a secret.

/** A string with at least one character. */
export function IsNonEmptyString(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNonEmptyString',
      validator: { validate: isNonEmptyString, defaultMessage: () => 'must be a non-empty string' },
    },
    options,
  );
}

/** An array of at least one non-empty string. */
export function IsNonEmptyStringArray(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNonEmptyStringArray',
      validator: {
        validate: (value: unknown) => Array.isArray(value) && value.length > 0 && value.every(isNonEmptyString),
        defaultMessage: () => 'must be a non-empty array of non-empty strings',
      },
    },
    options,
  );
}

/**
 * At most `maxBytes` UTF-8 bytes: a longer key would fail at the store, or never be revocable.
 * @example `class GrantRequest { @WireField('grant_id') @IsNonEmptyString() @MaxUtf8Bytes(1024) grantId!: string; }`
 */
export function MaxUtf8Bytes(maxBytes: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxUtf8Bytes',
      constraints: [maxBytes],
      validator: {
        // Up to maxBytes / 3 characters cannot pass the limit: no need to count bytes.
        validate: (value: unknown) => typeof value !== 'string' || value.length <= maxBytes / 3 || Buffer.byteLength(value, 'utf8') <= maxBytes,
        defaultMessage: () => `must be at most ${maxBytes} bytes (UTF-8)`,
      },
    },
    options,
  );
}

// The request classes. `P`: the custom parameters class; `R`: the resource type union.
// See docs/capabilities.md#type-parameters.

/**
 * A get-status or list-resources-tags event: only custom parameters.
 * @example async status(req: StatusRequest<PortalParams>) { await this.portal.ping(req.customParameters.base_url); }
 */
export class StatusRequest<P = Record<string, unknown>> {
  /** `params.custom_parameters`, validated against `static customParameters` when the class sets it. */
  customParameters!: P;
}

/**
 * A list-resources event, as a `@ListResources` method receives it.
 * @example async projects(req: ListResourcesRequest<PortalParams>) { return { resources: await this.portal.projects(req.resourceType), permissions }; }
 */
export class ListResourcesRequest<P = Record<string, unknown>, R extends string = string> {
  @WireField('resource_type')
  @IsNonEmptyString()
  resourceType!: R;

  customParameters!: P;
}

/**
 * A create-, reset- or delete-credentials event. Credentials belong to (username, resource type, resources): no grant_id.
 * @example async create(req: CredentialsRequest<PortalParams>) { return { secret: await this.portal.newToken(req.username, req.resources) }; }
 */
export class CredentialsRequest<P = Record<string, unknown>, R extends string = string> {
  /** The grantee's email. */
  @WireField()
  @IsNonEmptyString()
  username!: string;

  @WireField('resource_type')
  @IsNonEmptyString()
  resourceType!: R;

  /** Ids from the list-resources answer. */
  @WireField()
  @IsNonEmptyStringArray()
  resources!: string[];

  customParameters!: P;
}

/**
 * A grant-access event: `username` gets `permission` on `resources` of `resourceType`, under `grantId`.
 * @example async grant(req: GrantRequest<PortalParams>) { return { data: { ids: await this.portal.addMember(req.username, req.resources, req.permission) } }; }
 */
export class GrantRequest<P = Record<string, unknown>, R extends string = string> extends CredentialsRequest<P, R> {
  /** Apono's id of the access request; its revoke carries the same one. */
  @WireField('grant_id')
  @IsNonEmptyString()
  @MaxUtf8Bytes(GRANT_ID_MAX_BYTES)
  grantId!: string;

  /** A permission id from the list-resources answer. */
  @WireField()
  @IsNonEmptyString()
  permission!: string;
}

/**
 * A revoke-access event: a grant's fields, plus that grant_id's record when there is one.
 * @typeParam D - the `data` the `@Grant` method returned.
 * @example async revoke(req: RevokeRequest<PortalParams, { ids: string[] }>) { await this.portal.remove(req.grant?.data?.ids ?? []); }
 */
export class RevokeRequest<P = Record<string, unknown>, D = Record<string, unknown>, R extends string = string> extends GrantRequest<P, R> {
  /** The grant's record; undefined for a grant_id never seen (then work from the request). */
  readonly grant?: GrantRecord<D>;
}

/** A whole `RevokeRequest` from a revoke's (or, for an undo, a grant's) fields and the record. @example const req = revokeRequestWith(grantRequest, record); */
export function revokeRequestWith(fields: Omit<RevokeRequest<unknown>, 'grant'>, record: GrantRecord | undefined): RevokeRequest<unknown> {
  return Object.assign(new RevokeRequest<unknown>(), fields, { grant: record });
}

/**
 * The reconcile event (`apono-lambda-kit:reconcile`): which resource types to check, and whether only to report.
 * @example // {"event_type": "apono-lambda-kit:reconcile", "params": {"resource_types": ["project"], "dry_run": true, "custom_parameters": {}}}
 */
export class ReconcileRequest<P = Record<string, unknown>> {
  @WireField('resource_types')
  @IsNonEmptyStringArray()
  resourceTypes!: string[];

  /** Report only, revoke nothing. */
  @WireField('dry_run')
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  dryRun?: boolean;

  customParameters!: P;
}

/**
 * The list-access event (`apono-lambda-kit:list-access`): what `@ListAccess` lists for one resource type.
 * @example // {"event_type": "apono-lambda-kit:list-access", "params": {"resource_type": "project", "custom_parameters": {}}}
 */
export class ListAccessEventRequest<P = Record<string, unknown>> {
  @WireField('resource_type')
  @IsNonEmptyString()
  resourceType!: string;

  customParameters!: P;
}

/**
 * What a `@ListAccess` method is asked: the access of one resource type.
 * @example async access(req: ListAccessRequest<PortalParams>) { return this.portal.memberships(req.resourceType); }
 */
export interface ListAccessRequest<P = Record<string, unknown>, R extends string = string> {
  resourceType: R;
  customParameters: P;
}

/**
 * `username` holds `permission` on `resources` now. With `grantId`, it matches that grant record exactly.
 * @example const entry: AccessEntry = { username: 'dana@example.com', resources: ['proj-1'], permission: 'reader' };
 */
export interface AccessEntry {
  username: string;
  resources: string[];
  permission: string;
  grantId?: string;
}
