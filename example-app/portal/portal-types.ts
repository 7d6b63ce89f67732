/** The data model of the project portal: projects, memberships with roles, personal API tokens. */

/** The roles a member of a project can have. */
export const ProjectRoles = ['reader', 'writer', 'admin'] as const;

/** One of {@link ProjectRoles}. */
export type ProjectRole = (typeof ProjectRoles)[number];

/** A project of the portal. */
export interface Project {
  id: string;
  name: string;
  environment: 'production' | 'staging' | 'development';
  /** The owning team's email: Apono can route approvals to it. */
  owner: string;
}

/**
 * A person's role in one project. A person may hold several memberships with
 * the same project and role (one added by hand, one per access grant): they
 * have the role while any of them exists.
 */
export interface Membership {
  id: string;
  projectId: string;
  username: string;
  role: ProjectRole;
  /**
   * The access grant that created this membership: an opaque id chosen by the
   * caller (the Apono integration passes Apono's grant_id). Absent on a
   * membership added by hand, which no grant may adopt or remove.
   */
  grantId?: string;
  createdAt: string;
}

/** One page of `GET /admin/membership-pages`: memberships in id order, and where the next page starts. */
export interface MembershipPage {
  memberships: Membership[];
  /** Pass as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

/** A personal API token. Only its hash is stored: the token itself is shown once. */
export interface ApiTokenRecord {
  username: string;
  tokenSha256: string;
  createdAt: string;
  rotatedAt?: string;
}

/** Everything the portal persists, in one JSON file. */
export interface PortalData {
  projects: Project[];
  memberships: Membership[];
  tokens: ApiTokenRecord[];
}
