/**
 * Type-level promises of the public API, checked by `npm run typecheck` (tsc over
 * test/): each `@ts-expect-error` line must fail to compile, every other line must compile.
 */
import { Grant, Integration, ListResources, Revoke } from 'apono-lambda-kit';
import type { GrantRequest, LambdaContext, RevokeRequest } from 'apono-lambda-kit';
import { fakeLambdaContext } from 'apono-lambda-kit/testing';
import type { Context } from 'aws-lambda';

interface MembershipData { membershipIds: string[] }
class PortalParams { base_url!: string; }

// The data type flows from @Grant's return to @Revoke's req.grant.data; an interface is fine.
export class TiedIntegration extends Integration<PortalParams, MembershipData> {
  @ListResources() list() { return { resources: [], permissions: [] }; }
  @Grant() grant(_req: GrantRequest<PortalParams>): { data: MembershipData } { return { data: { membershipIds: ['m-1'] } }; }
  @Revoke() revoke(req: RevokeRequest<PortalParams, MembershipData>) { return req.grant?.data?.membershipIds; }
}

export class WrongGrantData extends Integration<PortalParams, MembershipData> {
  @ListResources() list() { return { resources: [], permissions: [] }; }
  // @ts-expect-error the data is not the class's MembershipData
  @Grant() grant() { return { data: { memberships: 3 } }; }
  @Revoke() revoke(_req: RevokeRequest<PortalParams, MembershipData>) {}
}

export class WrongRevokeData extends Integration<PortalParams, MembershipData> {
  @ListResources() list() { return { resources: [], permissions: [] }; }
  @Grant() grant() { return { data: { membershipIds: [] } }; }
  // @ts-expect-error the revoke expects other data than the class's
  @Revoke() revoke(_req: RevokeRequest<PortalParams, { roleName: string }>) {}
}

// Without a declared data type, any JSON-shaped data and an interface-typed value both compile.
const interfaceTyped: MembershipData = { membershipIds: [] };
export class UntypedData extends Integration {
  @ListResources() list() { return { resources: [], permissions: [] }; }
  @Grant() grant() { return { data: interfaceTyped }; }
  @Revoke() revoke(req: RevokeRequest) { return req.grant?.data; }
}

// The package's own context type, and aws-lambda's, are interchangeable.
declare const lambdaContext: Context;
export const fromLambda: LambdaContext = lambdaContext;
export const toLambda: Context = fakeLambdaContext();
