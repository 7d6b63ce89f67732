import { inject, injectable, type InjectionToken } from 'tsyringe';
import { portalOriginFor } from './admin-api-key/pinned-portal-origin';

/** A project as the portal describes it. */
export interface PortalProject {
  id: string;
  name: string;
  environment: string;
  owner: string;
}

/** A membership (a person's role in a project). */
export interface PortalMembership {
  id: string;
  projectId: string;
  username: string;
  role: string;
  /** The grant that created it (the portal keeps one membership per grant); absent on a hand-added one. */
  grantId?: string;
}

/** What to add: a membership without its id. */
export type NewPortalMembership = Omit<PortalMembership, 'id'>;

/** The portal's answer to an add: the membership, and whether this call created it (201) or found it (200). */
export interface AddedMembership {
  membership: PortalMembership;
  created: boolean;
}

/** One page of every membership (`GET /admin/membership-pages`), in id order. */
export interface PortalMembershipPage {
  memberships: PortalMembership[];
  /** Where the next page starts; absent on the last page. */
  nextCursor?: string;
}

/** Which page to ask for: the previous page's `nextCursor` (none for the first), and at most `limit` memberships (the portal's default when absent). */
export interface MembershipPageRequest {
  cursor?: string;
  limit?: number;
}

/** Where and how one call goes: the portal's base URL comes from the integration's custom parameters. */
export interface PortalCall {
  /** Accepted only when its origin is the pinned one ({@link PortalClientConfig.portalOrigin}). */
  baseUrl: string;
  /** Aborts the call (pass the invocation's signal: it fires before the Lambda deadline). */
  signal?: AbortSignal;
}

/**
 * What the integration needs from the portal. The integration depends on this
 * interface through {@link PORTAL_API}, so tests inject a fake.
 */
export interface PortalApi {
  checkHealth(call: PortalCall): Promise<void>;
  listProjects(call: PortalCall): Promise<PortalProject[]>;
  /** Idempotent per (username, projectId, role, grantId): a repeat returns the existing membership with `created: false`. */
  addMembership(call: PortalCall, membership: NewPortalMembership): Promise<AddedMembership>;
  findMemberships(call: PortalCall, filter: Partial<NewPortalMembership>): Promise<PortalMembership[]>;
  /** One page of every membership of every project (see `everyMembership` to page through them all). */
  listMembershipPage(call: PortalCall, page?: MembershipPageRequest): Promise<PortalMembershipPage>;
  /** Idempotent: a membership that is already gone counts as removed. */
  removeMembership(call: PortalCall, membershipId: string): Promise<void>;
  /** A new token; when the user already has one, it is rotated (its old value cannot be shown again). */
  issueToken(call: PortalCall, username: string): Promise<string>;
  rotateToken(call: PortalCall, username: string): Promise<string>;
  /** Idempotent: no token counts as deleted. */
  deleteToken(call: PortalCall, username: string): Promise<void>;
}

/** The injection token of the portal client. */
export const PORTAL_API: InjectionToken<PortalApi> = Symbol.for('example-app.PortalApi');

/** How the client authenticates, where it may send the key, and how long it waits. */
export interface PortalClientConfig {
  /**
   * The one origin the admin key may be sent to, from the function's own
   * configuration (see `pinnedPortalOrigin`). Asked for on each call, so a
   * missing setting fails the call that needs it, with a message saying what to set.
   */
  portalOrigin: () => string;
  /**
   * The admin API key, asked for on each call (a function, not a string, so it
   * can be fetched from Secrets Manager on first need and kept by its source).
   * `signal` is the call's: a slow fetch of the key stops at the Lambda deadline.
   */
  adminApiKey: (signal?: AbortSignal) => Promise<string>;
  /** Per request; default 5 s. */
  timeoutMs?: number;
}

/** The injection token of {@link PortalClientConfig}. */
export const PORTAL_CLIENT_CONFIG: InjectionToken<PortalClientConfig> = Symbol.for('example-app.PortalClientConfig');

/** A portal answer other than the expected one. The message has the status and the portal's message, never the key. */
export class PortalRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'PortalRequestError';
  }
}

/**
 * The portal's admin API over fetch. Every call goes to the pinned portal
 * origin and nowhere else: a `baseUrl` of another origin is refused before the
 * key is read, and redirects are not followed (a redirect would carry the key's
 * header to wherever it points).
 *
 * @example
 * ```ts
 * const portal = new PortalClient({ portalOrigin: () => 'http://127.0.0.1:8080', adminApiKey: async () => 'local-dev-admin-key' });
 * const projects = await portal.listProjects({ baseUrl: 'http://127.0.0.1:8080' });
 * ```
 */
@injectable()
export class PortalClient implements PortalApi {
  constructor(@inject(PORTAL_CLIENT_CONFIG) private readonly config: PortalClientConfig) {}

  async checkHealth(call: PortalCall): Promise<void> {
    await this.request(call, 'GET', '/health');
  }

  listProjects(call: PortalCall): Promise<PortalProject[]> {
    return this.request(call, 'GET', '/admin/projects');
  }

  async addMembership(call: PortalCall, membership: NewPortalMembership): Promise<AddedMembership> {
    const { status, body } = await this.exchange<PortalMembership>(call, 'POST', '/admin/memberships', membership);
    return { membership: body, created: status === 201 };
  }

  findMemberships(call: PortalCall, filter: Partial<NewPortalMembership>): Promise<PortalMembership[]> {
    const query = new URLSearchParams(Object.entries(filter).filter((entry): entry is [string, string] => entry[1] !== undefined));
    return this.request(call, 'GET', `/admin/memberships?${query.toString()}`);
  }

  async listMembershipPage(call: PortalCall, page: MembershipPageRequest = {}): Promise<PortalMembershipPage> {
    const query = new URLSearchParams();
    if (page.limit !== undefined) query.set('limit', String(page.limit));
    if (page.cursor !== undefined) query.set('cursor', page.cursor);
    const answer = await this.request<unknown>(call, 'GET', `/admin/membership-pages?${query.toString()}`);
    return checkedMembershipPage(answer);
  }

  async removeMembership(call: PortalCall, membershipId: string): Promise<void> {
    await this.request(call, 'DELETE', `/admin/memberships/${encodeURIComponent(membershipId)}`, undefined, [404]);
  }

  async issueToken(call: PortalCall, username: string): Promise<string> {
    const path = `/admin/tokens/${encodeURIComponent(username)}`;
    const created = await this.request<{ token?: string }>(call, 'POST', path, undefined, [409]);
    return created?.token ?? this.rotateToken(call, username);
  }

  async rotateToken(call: PortalCall, username: string): Promise<string> {
    const { token } = await this.request<{ token: string }>(call, 'POST', `/admin/tokens/${encodeURIComponent(username)}/rotate`);
    return token;
  }

  async deleteToken(call: PortalCall, username: string): Promise<void> {
    await this.request(call, 'DELETE', `/admin/tokens/${encodeURIComponent(username)}`, undefined, [404]);
  }

  /** One call; statuses in `tolerated` resolve to undefined instead of failing. */
  private async request<T>(call: PortalCall, method: string, path: string, body?: unknown, tolerated: number[] = []): Promise<T> {
    return (await this.exchange<T>(call, method, path, body, tolerated)).body;
  }

  /** One call, answering the status with the body (undefined for a tolerated status or a 204). */
  private async exchange<T>(
    call: PortalCall,
    method: string,
    path: string,
    body?: unknown,
    tolerated: number[] = [],
  ): Promise<{ status: number; body: T }> {
    // Where the call goes is settled before the key is read: a refused call never holds it.
    const origin = portalOriginFor(call.baseUrl, this.config.portalOrigin());
    // Before the timeout starts: a first call's key fetch is not the portal's slowness.
    const adminApiKey = await this.config.adminApiKey(call.signal);
    const timeout = AbortSignal.timeout(this.config.timeoutMs ?? 5_000);
    const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
    const response = await fetch(new URL(path, origin), {
      method,
      signal,
      // Not followed: fetch would resend the key's header to wherever the redirect points.
      redirect: 'manual',
      headers: { 'x-admin-api-key': adminApiKey, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (tolerated.includes(response.status)) return { status: response.status, body: undefined as T };
    if (response.status >= 300 && response.status < 400) {
      throw new PortalRequestError(
        response.status,
        `portal ${method} ${path.split('?')[0]} answered a redirect (${response.status}): not followed, the admin API key goes only to the pinned portal origin`,
      );
    }
    if (!response.ok) {
      const detail = ((await response.json().catch(() => ({}))) as { message?: string }).message ?? response.statusText;
      throw new PortalRequestError(response.status, `portal ${method} ${path.split('?')[0]} answered ${response.status}: ${detail}`);
    }
    return { status: response.status, body: (response.status === 204 ? undefined : await response.json()) as T };
  }
}

/**
 * A page answer checked for its shape before anything pages on: a portal that
 * answered something else (an older version without the endpoint behind a proxy
 * that answers 200) must fail the listing, not end it early as if it were empty.
 */
function checkedMembershipPage(answer: unknown): PortalMembershipPage {
  const page = answer as Partial<PortalMembershipPage> | null;
  if (page === null || typeof page !== 'object' || !Array.isArray(page.memberships) || (page.nextCursor !== undefined && typeof page.nextCursor !== 'string')) {
    throw new PortalRequestError(200, 'portal GET /admin/membership-pages answered something other than { memberships: [...], nextCursor? }');
  }
  return { memberships: page.memberships, ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }) };
}
