import type { PortalApi, PortalCall, PortalMembership, PortalProject } from '../src/portal-client';

/**
 * An in-memory stand-in for the portal, injected through PORTAL_API in unit
 * tests. It records the base URL of every call.
 */
export class FakePortal implements PortalApi {
  readonly projects: PortalProject[] = [
    { id: 'proj-billing', name: 'Billing', environment: 'production', owner: 'payments-team@example.com' },
    { id: 'proj-search', name: 'Search', environment: 'staging', owner: 'search-team@example.com' },
  ];
  readonly memberships: PortalMembership[] = [];
  readonly tokens = new Map<string, string>();
  readonly baseUrls: string[] = [];
  healthy = true;
  private counter = 0;

  async checkHealth(call: PortalCall): Promise<void> {
    this.seen(call);
  }

  async listProjects(call: PortalCall): Promise<PortalProject[]> {
    this.seen(call);
    if (!this.healthy) throw new Error('portal GET /admin/projects answered 503: unavailable');
    return this.projects.map((project) => ({ ...project }));
  }

  async addMembership(call: PortalCall, membership: Omit<PortalMembership, 'id'>): Promise<PortalMembership> {
    this.seen(call);
    const created = { id: `mem-${++this.counter}`, ...membership };
    this.memberships.push(created);
    return { ...created };
  }

  async findMemberships(call: PortalCall, filter: Partial<Omit<PortalMembership, 'id'>>): Promise<PortalMembership[]> {
    this.seen(call);
    return this.memberships.filter((m) =>
      Object.entries(filter).every(([key, value]) => value === undefined || m[key as keyof PortalMembership] === value),
    );
  }

  async removeMembership(call: PortalCall, membershipId: string): Promise<void> {
    this.seen(call);
    const index = this.memberships.findIndex((m) => m.id === membershipId);
    if (index >= 0) this.memberships.splice(index, 1);
  }

  async issueToken(call: PortalCall, username: string): Promise<string> {
    this.seen(call);
    return this.newToken(username);
  }

  async rotateToken(call: PortalCall, username: string): Promise<string> {
    this.seen(call);
    if (!this.tokens.has(username)) throw new Error('portal answered 404: no token for this user');
    return this.newToken(username);
  }

  async deleteToken(call: PortalCall, username: string): Promise<void> {
    this.seen(call);
    this.tokens.delete(username);
  }

  private newToken(username: string): string {
    const token = `ppt_fake_${++this.counter}`;
    this.tokens.set(username, token);
    return token;
  }

  private seen(call: PortalCall): void {
    this.baseUrls.push(call.baseUrl);
  }
}
