import { createTestHarness, type TestHarness } from 'apono-lambda-kit/testing';
import { PORTAL_API } from '../src/portal-client';
import { PortalIntegration } from '../src/portal-integration';
import { MEMBERSHIP_PAGE_SIZE } from '../src/portal-memberships';
import { FakePortal } from './fake-portal';

const BASE_URL = 'http://portal.test:8080';

describe('PortalIntegration lists the portal’s memberships for reconcile (@ListAccess), with the portal client replaced by a fake', () => {
  let portal: FakePortal;
  let harness: TestHarness<{ base_url: string }>;

  beforeEach(() => {
    portal = new FakePortal();
    harness = createTestHarness(PortalIntegration, { providers: [{ token: PORTAL_API, useValue: portal }], customParameters: { base_url: BASE_URL } });
  });

  test('lists each membership as an entry with the grant_id it was created for, and none for a hand-added one', async () => {
    // Prepare
    await harness.grant({ grantId: 'g-1', username: 'dana@example.com', resourceType: 'project', resources: ['proj-billing'], permission: 'writer' });
    portal.memberships.push({ id: 'mem-by-hand', projectId: 'proj-search', username: 'eve@example.com', role: 'admin' });

    // Act
    const entries = await harness.listAccess({ resourceType: 'project' });

    // Assess
    expect(entries).toEqual([
      { username: 'dana@example.com', resources: ['proj-billing'], permission: 'writer', grantId: 'g-1' },
      { username: 'eve@example.com', resources: ['proj-search'], permission: 'admin' },
    ]);
  });

  test('pages through the portal’s memberships until the last page, passing each page’s cursor to the next', async () => {
    // Prepare
    portal.maxPageSize = 2;
    for (const n of [1, 2, 3, 4, 5]) portal.memberships.push({ id: `mem-${n}`, projectId: 'proj-billing', username: `user-${n}@example.com`, role: 'reader' });

    // Act
    const entries = await harness.listAccess({ resourceType: 'project' });

    // Assess
    expect(entries.map((entry) => entry.username)).toEqual([1, 2, 3, 4, 5].map((n) => `user-${n}@example.com`));
    expect(portal.pageRequests).toEqual([
      { limit: MEMBERSHIP_PAGE_SIZE },
      { limit: MEMBERSHIP_PAGE_SIZE, cursor: 'mem-2' },
      { limit: MEMBERSHIP_PAGE_SIZE, cursor: 'mem-4' },
    ]);
  });

  test('calls the portal at the base_url from the custom parameters for every page', async () => {
    // Prepare
    portal.maxPageSize = 1;
    portal.memberships.push(
      { id: 'mem-1', projectId: 'proj-billing', username: 'dana@example.com', role: 'reader' },
      { id: 'mem-2', projectId: 'proj-search', username: 'dana@example.com', role: 'reader' },
    );

    // Act
    await harness.listAccess({ resourceType: 'project' });

    // Assess
    expect(portal.baseUrls).toEqual([BASE_URL, BASE_URL]);
  });

  test('stops with an error when the portal answers a cursor it already answered, instead of listing forever', async () => {
    // Prepare
    portal.repeatsCursor = true;

    // Act
    const attempt = harness.listAccess({ resourceType: 'project' });

    // Assess
    await expect(attempt).rejects.toThrow(/cursor it had already answered/);
    expect(portal.pageRequests).toHaveLength(2);
  });

  test('refuses to list a resource type other than project (static resourceTypes), without calling the portal', async () => {
    // Act
    const attempt = harness.listAccess({ resourceType: 'database' });

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'InvalidEventError', message: expect.stringContaining('params.resource_type: "database" is not a resource type of PortalIntegration') });
    expect(portal.pageRequests).toEqual([]);
  });

  test('refuses to reconcile a resource type other than project, before reading anything', async () => {
    // Act
    const attempt = harness.reconcile({ resourceTypes: ['project', 'database'], dryRun: true });

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'InvalidEventError', message: expect.stringContaining('params.resource_types[1]') });
    expect(portal.pageRequests).toEqual([]);
  });
});
