import { randomUUID } from 'node:crypto';
import { HttpError, optionalString, requireString } from './http-helpers';
import type { PortalDatabase } from './portal-database';
import { type Membership, type MembershipPage, type PortalData, type ProjectRole, ProjectRoles } from './portal-types';

/** The query parameters `GET /admin/memberships` filters on (each optional, all must match). */
const MEMBERSHIP_FILTERS = ['username', 'projectId', 'role', 'grantId'] as const;

/**
 * `POST /admin/memberships` `{ username, projectId, role, grantId? }`.
 *
 * Memberships are kept one per grant, so that removing one never takes away
 * access that something else gave: a grant's membership is created beside a
 * hand-added one or another grant's with the same project and role, never
 * merged into it. Adding the same membership again (same user, project, role
 * and grantId, or none) returns the existing one with 200 instead of 201:
 * callers may retry.
 *
 * @example
 * ```ts
 * const { status, body } = await addMembership(db, { username: 'dana@example.com', projectId: 'proj-billing', role: 'reader', grantId: 'g-1' });
 * ```
 */
export async function addMembership(db: PortalDatabase, body: Record<string, unknown>): Promise<{ status: 200 | 201; body: Membership }> {
  const username = requireString(body, 'username');
  const projectId = requireString(body, 'projectId');
  const role = requireString(body, 'role');
  const grantId = optionalString(body, 'grantId');
  if (!isProjectRole(role)) throw new HttpError(400, `role must be one of ${ProjectRoles.join(', ')}`);
  return db.change((data) => {
    if (!data.projects.some((p) => p.id === projectId)) throw new HttpError(404, `no project ${projectId}`);
    const existing = data.memberships.find(
      (m) => m.username === username && m.projectId === projectId && m.role === role && m.grantId === grantId,
    );
    if (existing) return { status: 200, body: existing };
    const membership: Membership = {
      id: `mem-${randomUUID()}`,
      projectId,
      username,
      role,
      ...(grantId === undefined ? {} : { grantId }),
      createdAt: new Date().toISOString(),
    };
    data.memberships.push(membership);
    return { status: 201, body: membership };
  });
}

/**
 * `GET /admin/memberships?username=&projectId=&role=&grantId=`: the memberships
 * matching every filter given (`grantId` finds the memberships one grant created).
 *
 * @example
 * ```ts
 * findMemberships(db.read(), new URLSearchParams({ username: 'dana@example.com', grantId: 'g-1' }));
 * ```
 */
export function findMemberships(data: PortalData, query: URLSearchParams): Membership[] {
  const filters = MEMBERSHIP_FILTERS.flatMap((key) => {
    const value = query.get(key);
    return value === null ? [] : [[key, value] as const];
  });
  return data.memberships.filter((m) => filters.every(([key, value]) => m[key] === value));
}

function isProjectRole(role: string): role is ProjectRole {
  return (ProjectRoles as readonly string[]).includes(role);
}

/** Page sizes of `GET /admin/membership-pages`. */
export const MembershipPageLimits = { default: 100, max: 500 } as const;

/**
 * `GET /admin/membership-pages?limit=&cursor=`: every membership, a page at a
 * time, in id order. The cursor is the last id of the previous page (opaque to
 * callers), so a membership added or removed while someone pages never shifts
 * the others: each membership that exists for the whole listing is answered
 * exactly once.
 *
 * @example
 * ```ts
 * const first = pageOfMemberships(db.read(), new URLSearchParams({ limit: '2' }));
 * const second = pageOfMemberships(db.read(), new URLSearchParams({ limit: '2', cursor: first.nextCursor ?? '' }));
 * ```
 */
export function pageOfMemberships(data: PortalData, query: URLSearchParams): MembershipPage {
  const limit = pageLimit(query.get('limit'));
  const after = query.has('cursor') ? idAfter(query.get('cursor') ?? '') : undefined;
  const ordered = data.memberships
    .filter((m) => after === undefined || m.id > after)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const memberships = ordered.slice(0, limit);
  const last = memberships.at(-1);
  return ordered.length > limit && last !== undefined ? { memberships, nextCursor: cursorAfter(last.id) } : { memberships };
}

function pageLimit(raw: string | null): number {
  if (raw === null) return MembershipPageLimits.default;
  const limit = Number(raw);
  if (!/^[0-9]+$/.test(raw) || limit < 1 || limit > MembershipPageLimits.max) {
    throw new HttpError(400, `limit must be a whole number from 1 to ${MembershipPageLimits.max}`);
  }
  return limit;
}

function cursorAfter(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

function idAfter(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (cursor === '' || cursorAfter(id) !== cursor) throw new HttpError(400, 'cursor is not one this portal answered');
  return id;
}
