import { IsNonEmptyString, IsNonEmptyStringArray, WireField } from './field-rules';

/**
 * A create-, reset- or delete-credentials event. Credentials belong to a
 * (username, resource type, resources) triple: these events carry no grant_id.
 * Its fields are also the core of {@link GrantRequest}.
 *
 * @typeParam P - the integration's custom parameters class.
 * @example
 * ```ts
 * @CreateCredentials()
 * async create(req: CredentialsRequest<PortalParams>) {
 *   return { secret: await this.portal.newToken(req.username) };
 * }
 * ```
 */
export class CredentialsRequest<P = Record<string, unknown>> {
  /** `params.username`: the grantee's email. */
  @WireField()
  @IsNonEmptyString()
  username!: string;

  /** `params.resource_type`. */
  @WireField('resource_type')
  @IsNonEmptyString()
  resourceType!: string;

  /** `params.resources`: ids from the list-resources answer. */
  @WireField()
  @IsNonEmptyStringArray()
  resources!: string[];

  /** `params.custom_parameters`, validated against the integration's class when it declares one. */
  customParameters!: P;
}
