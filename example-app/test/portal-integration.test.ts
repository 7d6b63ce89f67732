import { createTestHarness, type TestHarness } from 'apono-lambda-kit/testing';
import { PORTAL_API } from '../src/portal-client';
import { PortalIntegration } from '../src/portal-integration';
import { FakePortal } from './fake-portal';

const BASE_URL = 'http://portal.test:8080';

describe('PortalIntegration with the portal client replaced by a fake', () => {
  let portal: FakePortal;
  let harness: TestHarness;

  beforeEach(() => {
    portal = new FakePortal();
    harness = createTestHarness(PortalIntegration, {
      providers: [{ token: PORTAL_API, useValue: portal }],
      customParameters: { base_url: BASE_URL },
    });
  });

  test('lists projects with their environment and owner as metadata, and the three roles as permissions', async () => {
    // Act
    const answer = await harness.listResources({ resourceType: 'project' });

    // Assess
    expect(answer.resources[0]).toEqual({
      id: 'proj-billing',
      name: 'Billing',
      type: 'project',
      metadata: { environment: 'production', owner: 'payments-team@example.com' },
    });
    expect(answer.permissions.map((permission) => permission.id)).toEqual(['reader', 'writer', 'admin']);
  });

  test('calls the portal at the base_url from the custom parameters', async () => {
    // Act
    await harness.listResources();

    // Assess
    expect(portal.baseUrls).toEqual([BASE_URL]);
  });

  test('grants one membership per project and keeps their ids in the grant record', async () => {
    // Act
    await harness.grant({ grantId: 'g-1', username: 'dana@example.com', resources: ['proj-billing', 'proj-search'], permission: 'writer' });

    // Assess
    expect(portal.memberships.map((m) => [m.projectId, m.username, m.role])).toEqual([
      ['proj-billing', 'dana@example.com', 'writer'],
      ['proj-search', 'dana@example.com', 'writer'],
    ]);
    expect((await harness.store.get('g-1'))?.data).toEqual({ membershipIds: portal.memberships.map((m) => m.id) });
  });

  test('revokes exactly the memberships the grant recorded', async () => {
    // Prepare
    await harness.grant({ grantId: 'g-1', username: 'dana@example.com', resources: ['proj-billing'], permission: 'reader' });
    portal.memberships.push({ id: 'mem-other', projectId: 'proj-billing', username: 'dana@example.com', role: 'admin' });

    // Act
    await harness.revoke({ grantId: 'g-1', username: 'dana@example.com', resources: ['proj-billing'], permission: 'reader' });

    // Assess
    expect(portal.memberships.map((m) => m.id)).toEqual(['mem-other']);
  });

  test('without a grant record, revokes only the memberships tagged with its grant_id', async () => {
    // Prepare
    portal.memberships.push(
      { id: 'mem-a', projectId: 'proj-billing', username: 'dana@example.com', role: 'reader', grantId: 'never-seen' },
      { id: 'mem-b', projectId: 'proj-billing', username: 'dana@example.com', role: 'admin', grantId: 'never-seen' },
      { id: 'mem-by-hand', projectId: 'proj-billing', username: 'dana@example.com', role: 'reader' },
      { id: 'mem-other-grant', projectId: 'proj-billing', username: 'dana@example.com', role: 'reader', grantId: 'g-other' },
    );

    // Act
    await harness.revoke({ grantId: 'never-seen', username: 'dana@example.com', resources: ['proj-billing'], permission: 'reader' });

    // Assess
    expect(portal.memberships.map((m) => m.id)).toEqual(['mem-b', 'mem-by-hand', 'mem-other-grant']);
  });

  test('against a portal that ignores the grant tag, records only the memberships it created', async () => {
    // Prepare
    portal.ignoresGrantIds = true;
    portal.memberships.push({ id: 'mem-by-hand', projectId: 'proj-billing', username: 'dana@example.com', role: 'reader' });
    const grant = { grantId: 'g-1', username: 'dana@example.com', resources: ['proj-billing', 'proj-search'], permission: 'reader' };

    // Act
    await harness.grant(grant);
    const recorded = (await harness.store.get('g-1'))?.data;
    await harness.revoke(grant);

    // Assess
    expect(recorded).toEqual({ membershipIds: ['mem-1'] });
    expect(portal.memberships.map((m) => m.id)).toEqual(['mem-by-hand']);
    expect(harness.capturedText()).toContain('did not create');
  });

  test('against a portal that ignores the grant filter, the revoke without a record removes no untagged membership', async () => {
    // Prepare
    portal.ignoresGrantIds = true;
    portal.memberships.push({ id: 'mem-by-hand', projectId: 'proj-billing', username: 'dana@example.com', role: 'reader' });

    // Act
    await harness.revoke({ grantId: 'never-seen', username: 'dana@example.com', resources: ['proj-billing'], permission: 'reader' });

    // Assess
    expect(portal.memberships.map((m) => m.id)).toEqual(['mem-by-hand']);
  });

  test('refuses a permission that is not a portal role (static resourceTypes), without calling the portal', async () => {
    // Act
    const attempt = harness.grant({ grantId: 'g-2', resources: ['proj-billing'], permission: 'owner' });

    // Assess
    await expect(attempt).rejects.toThrow('params.permission: "owner" is not a permission of resource type "project"');
    expect(portal.memberships).toHaveLength(0);
  });

  test('issues a personal API token as the create-credentials secret', async () => {
    // Act
    const answer = await harness.createCredentials({ username: 'dana@example.com', resources: ['proj-billing'] });

    // Assess
    expect(answer).toEqual({ status: 'ok', secret: portal.tokens.get('dana@example.com') });
  });

  test('rotates the token on reset-credentials, answering the new one', async () => {
    // Prepare
    const created = await harness.createCredentials({ username: 'dana@example.com' });

    // Act
    const reset = await harness.resetCredentials({ username: 'dana@example.com' });

    // Assess
    expect(reset.secret).not.toBe(created.secret);
    expect(reset.secret).toBe(portal.tokens.get('dana@example.com'));
  });

  test('deletes the token on delete-credentials', async () => {
    // Prepare
    await harness.createCredentials({ username: 'dana@example.com' });

    // Act
    await harness.deleteCredentials({ username: 'dana@example.com' });

    // Assess
    expect(portal.tokens.has('dana@example.com')).toBe(false);
  });

  test('never writes an issued token into the logs', async () => {
    // Act
    const { secret } = await harness.createCredentials({ username: 'dana@example.com' });

    // Assess
    expect(harness.capturedText()).not.toContain(secret);
  });

  test('reports the portal as unreachable on get-status when it fails', async () => {
    // Prepare
    portal.healthy = false;

    // Act
    const attempt = harness.getStatus();

    // Assess
    await expect(attempt).rejects.toThrow('503');
  });

  test('rejects a base_url that is not a URL', async () => {
    // Act
    const attempt = harness.listResources({ customParameters: { base_url: 'not a url' } });

    // Assess
    await expect(attempt).rejects.toThrow(/base_url/);
  });
});
