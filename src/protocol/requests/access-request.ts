import type { GrantRecord } from '../../grants/types/grant-record';
import { CredentialsRequest } from './credentials-request';
import { GRANT_ID_MAX_BYTES } from '../constants';
import { IsNonEmptyString, MaxUtf8Bytes, WireField } from './field-rules';

/**
 * A grant-access event, as a `@Grant` method receives it: who (`username`), on
 * what (`resourceType`, `resources`), which `permission`, under which `grantId`.
 *
 * @typeParam P - the integration's custom parameters class.
 * @example
 * ```ts
 * @Grant()
 * async grant(req: GrantRequest<PortalParams>) {
 *   const ids = await this.portal.addMember(req.username, req.resources, req.permission);
 *   return { data: { membershipIds: ids } };
 * }
 * ```
 */
export class GrantRequest<P = Record<string, unknown>> extends CredentialsRequest<P> {
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
 * @example
 * ```ts
 * @Revoke()
 * async revoke(req: RevokeRequest<PortalParams, { membershipIds: string[] }>) {
 *   const ids = req.grant?.data?.membershipIds ?? (await this.portal.findMemberships(req.username, req.resources));
 *   await this.portal.removeMemberships(ids);
 * }
 * ```
 */
export class RevokeRequest<P = Record<string, unknown>, D = Record<string, unknown>> extends GrantRequest<P> {
  /** The grant's tracked record, or undefined when this grant_id was never seen (the revoke then works from the request alone). */
  grant?: GrantRecord<D>;
}
