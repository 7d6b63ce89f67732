import {
  CreateCredentials,
  DeleteCredentials,
  GetStatus,
  Grant,
  Integration,
  ListAccess,
  ListResources,
  ResetCredentials,
  Revoke,
} from 'apono-lambda-kit';
import type {
  AccessEntry,
  CredentialsRequest,
  GrantRequest,
  Invocation,
  ListAccessRequest,
  ListResourcesRequest,
  RevokeRequest,
  StatusRequest,
} from 'apono-lambda-kit';
import { inject, injectable } from 'tsyringe';
import { addedByHand, isOwnedByGrant, isRevokeOfUnrecordedAccess, taggedWithGrant } from './grant-memberships';
import { PORTAL_API, type PortalApi, type PortalCall, type PortalMembership } from './portal-client';
import { everyMembership } from './portal-memberships';
import { PortalParameters } from './portal-parameters';

/** What the grant keeps in its record, for the revoke: the memberships it created, and no other. */
export interface PortalGrantData extends Record<string, unknown> {
  membershipIds: string[];
}

/** The one resource type of the portal, as configured in Apono: its projects. */
export const PORTAL_RESOURCE_TYPE = 'project';

/** The portal roles Apono can grant, as list-resources permissions. */
export const PORTAL_PERMISSIONS = [
  { id: 'reader', name: 'Reader' },
  { id: 'writer', name: 'Writer' },
  { id: 'admin', name: 'Admin' },
] as const;

/**
 * Apono ↔ project portal: projects are the resources, roles the permissions, a
 * grant is a membership per project (tagged with the grant_id; a revoke removes only
 * those), credentials are the user's personal API token. Reconcile lists every
 * membership (`@ListAccess`), each with the grant_id it was created for.
 *
 * @example
 * ```ts
 * export const handler = bootstrap(PortalIntegration, { store, providers: portalProviders() });
 * ```
 */
@injectable()
export class PortalIntegration extends Integration<PortalParameters> {
  static override readonly customParameters = PortalParameters;
  /** What reconcile may be asked about: a reconcile of any other resource type is refused. */
  static override readonly resourceTypes = { [PORTAL_RESOURCE_TYPE]: PORTAL_PERMISSIONS.map((permission) => permission.id) };

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
    if (!membershipIds && isRevokeOfUnrecordedAccess(req.grantId)) {
      // Reconcile revoking access no grant created (only with revokeUnrecorded): the hand-added memberships.
      membershipIds = await this.handAddedMemberships(target, req);
    } else if (!membershipIds) {
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

  /**
   * Every membership in the portal, paged through its admin API, each with the
   * grant_id it was created for: what reconcile checks the grant ledger against.
   * A membership added by hand has no grant_id, and is matched by user, project and role.
   * Only projects are asked for: `static resourceTypes` has any other type refused first.
   */
  @ListAccess()
  async *memberships(req: ListAccessRequest<PortalParameters>, { signal }: Invocation): AsyncGenerator<AccessEntry> {
    for await (const membership of everyMembership(this.portal, call(req.customParameters, signal))) yield accessEntryOf(membership);
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

  /** The hand-added memberships a reconcile revoke of unrecorded access removes; it fails when only tagged ones are there to remove. */
  private async handAddedMemberships(target: PortalCall, req: RevokeRequest<PortalParameters, PortalGrantData>): Promise<string[]> {
    const found = (
      await Promise.all(req.resources.map((projectId) => this.portal.findMemberships(target, { username: req.username, projectId, role: req.permission })))
    ).flat();
    const byHand = addedByHand(found);
    if (byHand.length === 0 && found.length > 0) {
      // Reporting success would tell reconcile the access is gone while it is not.
      throw new Error(
        `none of the ${found.length} membership(s) of ${req.username} as ${req.permission} was added by hand: each is tagged with a grant_id ` +
          'this revoke may not remove (revoke that grant through Apono, or remove the membership in the portal)',
      );
    }
    return byHand.map((membership) => membership.id);
  }
}

function accessEntryOf(membership: PortalMembership): AccessEntry {
  const entry: AccessEntry = { username: membership.username, resources: [membership.projectId], permission: membership.role };
  if (membership.grantId !== undefined) entry.grantId = membership.grantId;
  return entry;
}

function call(parameters: PortalParameters, signal: AbortSignal): PortalCall {
  return { baseUrl: parameters.base_url, signal };
}

