import type {
  AddedMembership,
  MembershipPageRequest,
  NewPortalMembership,
  PortalApi,
  PortalCall,
  PortalMembership,
  PortalMembershipPage,
  PortalProject,
} from '../src/portal-client';

/**
 * An in-memory stand-in for the portal, injected through PORTAL_API in unit
 * tests. It records the base URL of every call. Like the real portal it keeps
 * one membership per grantId; `ignoresGrantIds` makes it behave like a portal
 * that predates the tag (it drops the tag, merges memberships and ignores the
 * filter), to prove the integration does not rely on the portal alone. Its
 * membership pages hold at most `maxPageSize` (a portal may answer fewer than
 * asked), and `repeatsCursor` makes it answer the same cursor forever.
 * `removeSucceedsWithoutRemoving` answers a removal as done and keeps the
 * membership; `addTimesOutAfterApplyingTo` adds the membership of that project,
 * then fails as if the answer were lost.
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
  ignoresGrantIds = false;
  maxPageSize = 500;
  repeatsCursor = false;
  removeSucceedsWithoutRemoving = false;
  addTimesOutAfterApplyingTo: string | undefined;
  readonly pageRequests: MembershipPageRequest[] = [];
  private counter = 0;

  async checkHealth(call: PortalCall): Promise<void> {
    this.seen(call);
  }

  async listProjects(call: PortalCall): Promise<PortalProject[]> {
    this.seen(call);
    if (!this.healthy) throw new Error('portal GET /admin/projects answered 503: unavailable');
    return this.projects.map((project) => ({ ...project }));
  }

  async addMembership(call: PortalCall, membership: NewPortalMembership): Promise<AddedMembership> {
    this.seen(call);
    const wanted = this.ignoresGrantIds ? { ...membership, grantId: undefined } : membership;
    const existing = this.memberships.find(
      (m) => m.username === wanted.username && m.projectId === wanted.projectId && m.role === wanted.role && m.grantId === wanted.grantId,
    );
    if (existing) return { membership: { ...existing }, created: false };
    const created: PortalMembership = { id: `mem-${++this.counter}`, ...wanted };
    if (created.grantId === undefined) delete created.grantId;
    this.memberships.push(created);
    if (this.addTimesOutAfterApplyingTo === created.projectId) throw new Error('portal POST /admin/memberships: the operation was aborted due to timeout');
    return { membership: { ...created }, created: true };
  }

  async findMemberships(call: PortalCall, filter: Partial<NewPortalMembership>): Promise<PortalMembership[]> {
    this.seen(call);
    const applied = this.ignoresGrantIds ? { ...filter, grantId: undefined } : filter;
    return this.memberships.filter((m) =>
      Object.entries(applied).every(([key, value]) => value === undefined || m[key as keyof PortalMembership] === value),
    );
  }

  async listMembershipPage(call: PortalCall, page: MembershipPageRequest = {}): Promise<PortalMembershipPage> {
    this.seen(call);
    this.pageRequests.push({ ...page });
    const limit = Math.min(page.limit ?? 100, this.maxPageSize);
    const ordered = [...this.memberships]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .filter((m) => page.cursor === undefined || m.id > page.cursor);
    const memberships = ordered.slice(0, limit).map((m) => ({ ...m }));
    if (this.repeatsCursor) return { memberships, nextCursor: 'the-same-cursor' };
    return ordered.length > limit ? { memberships, nextCursor: memberships[memberships.length - 1]!.id } : { memberships };
  }

  async removeMembership(call: PortalCall, membershipId: string): Promise<void> {
    this.seen(call);
    if (this.removeSucceedsWithoutRemoving) return;
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
