import { readFileSync, writeFileSync } from 'node:fs';
import { bootstrap, DynamoDbGrantStore, Grant, Integration, ListAccess, ListResources, Revoke } from 'apono-lambda-kit';
import type { GrantRequest, ListAccessRequest, RevokeRequest } from 'apono-lambda-kit';

/** The application: memberships in a JSON file ($RECONCILE_APP_FILE), so that separate CLI processes share it. */
interface Membership { username: string; resource: string; permission: string; grantId?: string }
const file = () => process.env.RECONCILE_APP_FILE ?? '';
const read = (): Membership[] => JSON.parse(readFileSync(file(), 'utf8')) as Membership[];
const write = (memberships: Membership[]) => writeFileSync(file(), JSON.stringify(memberships));

/** A portal-like integration for the CLI's reconcile tests; its revoke does nothing when custom parameter `broken` is `yes`. */
export class ReconcileFixtureIntegration extends Integration {
  @ListResources() list() { return { resources: [], permissions: [] }; }

  @Grant()
  grant(req: GrantRequest) {
    write([...read(), ...req.resources.map((resource) => ({ username: req.username, resource, permission: req.permission, grantId: req.grantId }))]);
  }

  @Revoke()
  revoke(req: RevokeRequest) {
    if ((req.customParameters as Record<string, unknown>).broken === 'yes') return;
    write(read().filter((m) => !(m.username === req.username && m.permission === req.permission && req.resources.includes(m.resource))));
  }

  @ListAccess()
  access(_req: ListAccessRequest) {
    return read().map((m) => ({ username: m.username, resources: [m.resource], permission: m.permission, ...(m.grantId === undefined ? {} : { grantId: m.grantId }) }));
  }
}

export const handler = bootstrap(ReconcileFixtureIntegration, {
  store: new DynamoDbGrantStore({ tableName: process.env.GRANTS_TABLE ?? 'apono-grants' }),
});
