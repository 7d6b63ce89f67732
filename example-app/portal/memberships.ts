import { randomUUID } from 'node:crypto';
import { HttpError, optionalString, requireString } from './http-helpers';
import type { PortalDatabase } from './portal-database';
import { type Membership, type PortalData, type ProjectRole, ProjectRoles } from './portal-types';

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
