import { CreateCredentials, DeleteCredentials, Grant, Integration, ListAccess, ListResources, ResetCredentials, Revoke } from 'apono-lambda-kit';
import type { AccessEntry, CredentialsRequest, GrantRequest, ListAccessRequest, RevokeRequest } from 'apono-lambda-kit';
import { randomBytes } from 'node:crypto';
import { productionHandler } from '../support/cli-fixture-integration';

/** A username whose grant writes more than Lambda's 4 KB log tail. */
export const LOUD_USERNAME = 'loud@example.com';

/** The application this integration manages: memberships held in the process. */
const memberships = new Map<string, AccessEntry>();

/**
 * The console's e2e integration: every capability, `@ListAccess` for
 * reconcile, a log line per grant (for `LogType: 'Tail'`), and fresh random
 * secrets (so a test can look for the exact one shown).
 */
export class ConsoleE2eIntegration extends Integration {
  @ListResources()
  projects() {
    return {
      resources: [
        { id: 'proj-billing', name: 'Billing' },
        { id: 'proj-search', name: 'Search' },
      ],
      permissions: [
        { id: 'reader', name: 'Reader' },
        { id: 'admin', name: 'Admin' },
      ],
    };
  }

  @Grant()
  grant(req: GrantRequest) {
    console.log(`console-e2e: granting ${req.permission} on ${req.resources.join(',')} to ${req.username}`);
    if (req.username === LOUD_USERNAME) for (let line = 0; line < 200; line += 1) console.log(`console-e2e: loud line ${line} ${'x'.repeat(40)}`);
    memberships.set(req.grantId, { username: req.username, resources: req.resources, permission: req.permission, grantId: req.grantId });
    return { data: { membershipIds: req.resources.map((resource) => `mem-${resource}`) } };
  }

  @Revoke()
  revoke(req: RevokeRequest) {
    console.log(`console-e2e: revoking ${req.grantId}`);
    memberships.delete(req.grantId);
  }

  @ListAccess()
  access(_req: ListAccessRequest) {
    return [...memberships.values()];
  }

  @CreateCredentials()
  create(_req: CredentialsRequest) {
    return { secret: `e2e-secret-${randomBytes(12).toString('hex')}` };
  }

  @ResetCredentials()
  reset(_req: CredentialsRequest) {
    return { secret: `e2e-secret-${randomBytes(12).toString('hex')}` };
  }

  @DeleteCredentials()
  remove(_req: CredentialsRequest) {}
}

export const handler = productionHandler(ConsoleE2eIntegration);
