/**
 * Type-level promises of the public API, checked by `npm run typecheck` (tsc over
 * test/): each `@ts-expect-error` line must fail to compile, every other line must compile.
 */
import { Grant, Integration, ListResources, Revoke } from 'apono-lambda-kit';
import type { GrantRequest, LambdaContext, ResourceTypesOf, RevokeRequest } from 'apono-lambda-kit';
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

// A class that declares its resource types: ResourceTypesOf is their union, and a method typed
// with it (or with one resource type, for a method that names it) gets `req.resourceType` as that union.
export class DeclaredTypes extends Integration {
  static override readonly resourceTypes = { repository: ['read', 'write'], team: ['member'] };
  @ListResources('repository') repositories() { return { resources: [] }; }
  @ListResources('team') teams() { return { resources: [] }; }
  @Grant() grant(req: GrantRequest<Record<string, unknown>, ResourceTypesOf<typeof DeclaredTypes>>) {
    const type: 'repository' | 'team' = req.resourceType;
    // @ts-expect-error 'gist' is not one of the declared resource types
    const other: typeof req.resourceType = 'gist';
    return { data: { type, other } };
  }
  @Revoke('team') revokeTeam(req: RevokeRequest<Record<string, unknown>, never, 'team'>) { const team: 'team' = req.resourceType; return team; }
  @Revoke() revoke() {}
}
export const declaredUnion: ResourceTypesOf<typeof DeclaredTypes>[] = ['repository', 'team'];
// Without a declaration, any string.
export const anyType: ResourceTypesOf<typeof UntypedData> = 'anything';
