import {
  CreateCredentials,
  DeleteCredentials,
  GetStatus,
  Grant,
  Integration,
  ListResources,
  ResetCredentials,
  Revoke,
} from 'apono-lambda-kit';
import type {
  CredentialsRequest,
  GrantRequest,
  Invocation,
  ListResourcesRequest,
  RevokeRequest,
  StatusRequest,
} from 'apono-lambda-kit';
import { inject, injectable } from 'tsyringe';
import { isOwnedByGrant, taggedWithGrant } from './grant-memberships';
import { PORTAL_API, type PortalApi, type PortalCall } from './portal-client';
import { PortalParameters } from './portal-parameters';

/** What the grant keeps in its record, for the revoke: the memberships it created, and no other. */
export interface PortalGrantData extends Record<string, unknown> {
  membershipIds: string[];
}

/** The portal roles Apono can grant, as list-resources permissions. */
export const PORTAL_PERMISSIONS = [
  { id: 'reader', name: 'Reader' },
  { id: 'writer', name: 'Writer' },
  { id: 'admin', name: 'Admin' },
] as const;

/**
 * Apono ↔ project portal: projects are the resources, roles the permissions, a
 * grant is a membership per project (tagged with the grant_id; a revoke removes only
 * those), credentials are the user's personal API token.
 *
 * @example
 * ```ts
 * export const handler = bootstrap(PortalIntegration, { store, providers: portalProviders() });
 * ```
 */
@injectable()
export class PortalIntegration extends Integration<PortalParameters> {
  static override readonly customParameters = PortalParameters;

  constructor(@inject(PORTAL_API) private readonly portal: PortalApi) {
    super();
  }

  @GetStatus()
  async status(req: StatusRequest<PortalParameters>, { signal }: Invocation): Promise<void> {
    // The admin call (not only /health) also proves the admin API key is right.
    await this.portal.listProjects(call(req.customParameters, signal));
  }

  @ListResources()
  async projects(req: ListResourcesRequest<PortalParameters>, { signal }: Invocation) {
    const projects = await this.portal.listProjects(call(req.customParameters, signal));
    return {
      resources: projects.map((project) => ({
        id: project.id,
        name: project.name,
        metadata: { environment: project.environment, owner: project.owner },
      })),
      permissions: [...PORTAL_PERMISSIONS],
    };
  }

  @Grant()
  async grant(req: GrantRequest<PortalParameters>, { signal, logger }: Invocation): Promise<{ data: PortalGrantData }> {
    assertKnownRole(req.permission);
    const target = call(req.customParameters, signal);
    const membershipIds: string[] = [];
    // One at a time: a failure part-way leaves a FAILED record; the retry finds the memberships
    // this grant already created (tagged with its grant_id) instead of adding more.
    for (const projectId of req.resources) {
      const membership = { username: req.username, projectId, role: req.permission, grantId: req.grantId };
      const added = await this.portal.addMembership(target, membership);
      if (isOwnedByGrant(added, req.grantId)) {
        membershipIds.push(added.membership.id);
      } else {
        // Access the user already had: recording it would let this grant's revoke take it away.
        logger.warn('the portal answered a membership this grant did not create; not recorded, so the revoke leaves it', { project_id: projectId });
      }
    }
    return { data: { membershipIds } };
  }

  @Revoke()
  async revoke(req: RevokeRequest<PortalParameters, PortalGrantData>, { signal, logger }: Invocation): Promise<void> {
    const target = call(req.customParameters, signal);
    let membershipIds = req.grant?.data?.membershipIds;
    if (!membershipIds) {
      // No record of this grant (granted before the framework tracked it, or the record expired):
      // find the memberships tagged with its grant_id, and only those.
      logger.info('no tracked memberships for this grant; looking up the memberships tagged with its grant_id');
      const found = await Promise.all(
        req.resources.map((projectId) =>
          this.portal.findMemberships(target, { username: req.username, projectId, role: req.permission, grantId: req.grantId }),
        ),
      );
      membershipIds = taggedWithGrant(found.flat(), req.grantId).map((membership) => membership.id);
    }
    for (const membershipId of membershipIds) await this.portal.removeMembership(target, membershipId);
  }

  @CreateCredentials()
  async createToken(req: CredentialsRequest<PortalParameters>, { signal }: Invocation): Promise<{ secret: string }> {
    return { secret: await this.portal.issueToken(call(req.customParameters, signal), req.username) };
  }

  @ResetCredentials()
  async rotateToken(req: CredentialsRequest<PortalParameters>, { signal }: Invocation): Promise<{ secret: string }> {
    return { secret: await this.portal.rotateToken(call(req.customParameters, signal), req.username) };
  }

  @DeleteCredentials()
  async deleteToken(req: CredentialsRequest<PortalParameters>, { signal }: Invocation): Promise<void> {
    await this.portal.deleteToken(call(req.customParameters, signal), req.username);
  }
}

function call(parameters: PortalParameters, signal: AbortSignal): PortalCall {
  return { baseUrl: parameters.base_url, signal };
}

function assertKnownRole(permission: string): void {
  if (!PORTAL_PERMISSIONS.some((known) => known.id === permission)) {
    throw new Error(`unknown permission "${permission}": expected one of ${PORTAL_PERMISSIONS.map((p) => p.id).join(', ')}`);
  }
}
