import type { PortalData } from './portal-types';

/**
 * The projects a new portal starts with.
 *
 * @example
 * ```ts
 * const data = seedPortalData();
 * ```
 */
export function seedPortalData(): PortalData {
  return {
    projects: [
      { id: 'proj-billing', name: 'Billing', environment: 'production', owner: 'payments-team@example.com' },
      { id: 'proj-search', name: 'Search', environment: 'production', owner: 'search-team@example.com' },
      { id: 'proj-analytics', name: 'Analytics sandbox', environment: 'staging', owner: 'data-team@example.com' },
      { id: 'proj-onboarding', name: 'Onboarding revamp', environment: 'development', owner: 'growth-team@example.com' },
    ],
    memberships: [],
    tokens: [],
  };
}
