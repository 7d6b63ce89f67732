import { Expose } from 'class-transformer';
import { IsBoolean, IsOptional, ValidateBy, type ValidationOptions } from 'class-validator';
import type { GrantRecord } from '../grants/records';
import { GRANT_ID_MAX_BYTES } from './constants';

/**
 * The two field rules of the wire protocol, each with one message that names the
 * rule. Messages never include the value: it may be a secret.
 */

/** Where the (wire name, property) pairs of a request class are kept. */
const WIRE_FIELDS = 'apono-lambda-kit:wire-fields';

/**
 * Marks a request property that travels in `params`, under `wireName` (default: the
 * property name): `@Expose({ name })`, plus a record {@link wireFieldsOf} reads in O(1).
 * See docs/architecture.md#wire-fields.
 * @example class GrantRequest { @WireField('grant_id') @IsNonEmptyString() grantId!: string; }
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

/** The field must be a string with at least one character. */
export function IsNonEmptyString(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNonEmptyString',
      validator: { validate: isNonEmptyString, defaultMessage: () => 'must be a non-empty string' },
    },
    options,
  );
}

/** The field must be an array of at least one non-empty string. */
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
 * The field, a string, must take at most `maxBytes` UTF-8 bytes: a key longer
 * than the grant store can hold would fail at the store after the event was
 * accepted, or never be revocable.
 * @example class GrantRequest { @WireField('grant_id') @IsNonEmptyString() @MaxUtf8Bytes(1024) grantId!: string; }
 */
export function MaxUtf8Bytes(maxBytes: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxUtf8Bytes',
      constraints: [maxBytes],
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || value.length <= maxBytes / 3 || Buffer.byteLength(value, 'utf8') <= maxBytes,
        defaultMessage: () => `must be at most ${maxBytes} bytes (UTF-8)`,
      },
    },
    options,
  );
}

// The request classes: what each capability's method receives, read from the event's
// snake_case `params` (each `@WireField` names its wire field) and validated once.
// `P` is the integration's custom parameters class; `R` the resource type union
// (`ResourceTypesOf<typeof MyIntegration>`, or the one type of a `@Grant('table')` method).

/**
 * A get-status or list-resources-tags event: only custom parameters.
 *
 * @typeParam P - the integration's custom parameters class.
 * @example
 * ```ts
 * @GetStatus()
 * async status(req: StatusRequest<PortalParams>) { await this.portal.ping(req.customParameters.base_url); }
 * ```
 */
export class StatusRequest<P = Record<string, unknown>> {
  /** `params.custom_parameters`, validated against the integration's class when it declares one. */
  customParameters!: P;
}

/**
 * A list-resources event, as a `@ListResources` method receives it.
 *
 * @typeParam P - the integration's custom parameters class.
 * @typeParam R - the resource types the method answers.
 * @example
 * ```ts
 * @ListResources()
 * async projects(req: ListResourcesRequest<PortalParams>) {
 *   return { resources: await this.portal.projects(req.customParameters.base_url), permissions };
 * }
 * ```
 */
export class ListResourcesRequest<P = Record<string, unknown>, R extends string = string> {
  /** `params.resource_type`: the kind of resource Apono asks for. */
  @WireField('resource_type')
  @IsNonEmptyString()
  resourceType!: R;

  /** `params.custom_parameters`, validated against the integration's class when it declares one. */
  customParameters!: P;
}

/**
 * A create-, reset- or delete-credentials event. Credentials belong to a
 * (username, resource type, resources) triple: these events carry no grant_id.
 * Its fields are also the core of {@link GrantRequest}.
 *
 * @typeParam P - the integration's custom parameters class.
 * @typeParam R - the resource types the method answers.
 * @example
 * ```ts
 * @CreateCredentials()
 * async create(req: CredentialsRequest<PortalParams>) {
 *   return { secret: await this.portal.newToken(req.username) };
 * }
 * ```
 */
export class CredentialsRequest<P = Record<string, unknown>, R extends string = string> {
  /** `params.username`: the grantee's email. */
  @WireField()
  @IsNonEmptyString()
  username!: string;

  /** `params.resource_type`. */
  @WireField('resource_type')
  @IsNonEmptyString()
  resourceType!: R;

  /** `params.resources`: ids from the list-resources answer. */
  @WireField()
  @IsNonEmptyStringArray()
  resources!: string[];

  /** `params.custom_parameters`, validated against the integration's class when it declares one. */
  customParameters!: P;
}

/**
 * A grant-access event, as a `@Grant` method receives it: who (`username`), on
 * what (`resourceType`, `resources`), which `permission`, under which `grantId`.
 *
 * @typeParam P - the integration's custom parameters class.
 * @typeParam R - the resource types the method answers.
 * @example
 * ```ts
 * @Grant()
 * async grant(req: GrantRequest<PortalParams>) {
 *   const ids = await this.portal.addMember(req.username, req.resources, req.permission);
 *   return { data: { membershipIds: ids } };
 * }
 * ```
 */
export class GrantRequest<P = Record<string, unknown>, R extends string = string> extends CredentialsRequest<P, R> {
  /** `params.grant_id`: Apono's id of the access request; the revoke carries the same one. */
  @WireField('grant_id')
  @IsNonEmptyString()
  @MaxUtf8Bytes(GRANT_ID_MAX_BYTES)
  grantId!: string;

  /** `params.permission`: a permission id from the list-resources answer. */
  @WireField()
  @IsNonEmptyString()
  permission!: string;
}

/**
 * A revoke-access event, as a `@Revoke` method receives it: the same fields as a
 * grant, plus the tracked record of that grant_id when there is one.
 *
 * @typeParam P - the integration's custom parameters class.
 * @typeParam D - the `data` the `@Grant` method returned.
 * @typeParam R - the resource types the method answers.
 * @example
 * ```ts
 * @Revoke()
 * async revoke(req: RevokeRequest<PortalParams, { membershipIds: string[] }>) {
 *   const ids = req.grant?.data?.membershipIds ?? (await this.portal.findMemberships(req.username, req.resources));
 *   await this.portal.removeMemberships(ids);
 * }
 * ```
 */
export class RevokeRequest<P = Record<string, unknown>, D = Record<string, unknown>, R extends string = string> extends GrantRequest<P, R> {
  /** The grant's tracked record, or undefined when this grant_id was never seen (the revoke then works from the request alone). */
  readonly grant?: GrantRecord<D>;
}

/**
 * The request a `@Revoke` method gets: the revoke's fields (or a grant's, for an
 * undo) with the grant's record, built whole rather than patched afterwards.
 * @example const req = revokeRequestWith(grantRequest, record);
 */
export function revokeRequestWith(fields: Omit<RevokeRequest<unknown>, 'grant'>, record: GrantRecord | undefined): RevokeRequest<unknown> {
  return Object.assign(new RevokeRequest<unknown>(), fields, { grant: record });
}

/**
 * The reconcile event (`apono-lambda-kit:reconcile`), as the framework reads it:
 * which resource types to check, with the same custom parameters as Apono's
 * configuration, and whether to only report.
 * @example // {"event_type": "apono-lambda-kit:reconcile", "params": {"resource_types": ["project"], "dry_run": true, "custom_parameters": {}}}
 */
export class ReconcileRequest<P = Record<string, unknown>> {
  /** `params.resource_types`: the resource types whose access is checked. */
  @WireField('resource_types')
  @IsNonEmptyStringArray()
  resourceTypes!: string[];

  /** `params.dry_run`: report only, revoke nothing. */
  @WireField('dry_run')
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  dryRun?: boolean;

  /** `params.custom_parameters`, validated against the integration's class when it declares one. */
  customParameters!: P;
}

/**
 * The list-access event (`apono-lambda-kit:list-access`): the access `@ListAccess`
 * lists for one resource type, as the framework reads it.
 * @example // {"event_type": "apono-lambda-kit:list-access", "params": {"resource_type": "project", "custom_parameters": {}}}
 */
export class ListAccessEventRequest<P = Record<string, unknown>> {
  /** `params.resource_type`. */
  @WireField('resource_type')
  @IsNonEmptyString()
  resourceType!: string;

  /** `params.custom_parameters`. */
  customParameters!: P;
}

/**
 * What a `@ListAccess` method is asked: the access of one resource type.
 *
 * @typeParam P - the integration's custom parameters class.
 * @typeParam R - the resource types the method answers.
 * @example
 * ```ts
 * @ListAccess()
 * async access(req: ListAccessRequest<PortalParams>) { return this.portal.memberships(req.resourceType); }
 * ```
 */
export interface ListAccessRequest<P = Record<string, unknown>, R extends string = string> {
  resourceType: R;
  customParameters: P;
}

/**
 * One access that exists now in the application: `username` holds `permission` on
 * `resources` (of the request's resource type). `grantId`, when the application
 * keeps it, ties the access to its grant record exactly; otherwise it is matched by
 * (username, resource, permission).
 * @example const entry: AccessEntry = { username: 'dana@example.com', resources: ['proj-1'], permission: 'reader' };
 */
export interface AccessEntry {
  username: string;
  resources: string[];
  permission: string;
  grantId?: string;
}
