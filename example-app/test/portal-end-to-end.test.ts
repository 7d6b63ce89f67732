import { createTestHarness, type TestHarness } from 'apono-lambda-kit/testing';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RunningPortal, startPortalServer } from '../portal/portal-server';
import { PortalIntegration } from '../src/portal-integration';
import { portalProviders } from '../src/portal-providers';

const ADMIN_KEY = 'test-admin-key-0123456789';

describe('PortalIntegration end to end against the real portal', () => {
  let dataDir: string;
  let portal: RunningPortal;
  let harness: TestHarness;
  const previous = { key: process.env.PORTAL_ADMIN_API_KEY, origin: process.env.PORTAL_ORIGIN };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'portal-e2e-'));
    portal = await startPortalServer({ dataFile: path.join(dataDir, 'portal.json'), adminApiKey: ADMIN_KEY, port: 0 });
    process.env.PORTAL_ADMIN_API_KEY = ADMIN_KEY;
    process.env.PORTAL_ORIGIN = portal.url;
    harness = createTestHarness(PortalIntegration, { providers: portalProviders(), customParameters: { base_url: portal.url } });
  });

  afterAll(async () => {
    await portal.close();
    restore('PORTAL_ADMIN_API_KEY', previous.key);
    restore('PORTAL_ORIGIN', previous.origin);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const admin = (pathAndQuery: string) =>
    fetch(`${portal.url}${pathAndQuery}`, { headers: { 'x-admin-api-key': ADMIN_KEY } }).then((res) => res.json());

  test('grants, issues a token (stored only as a hash), and revokes through the portal’s admin API', async () => {
    // Prepare
    const grant = { grantId: 'e2e-1', username: 'dana@example.com', resources: ['proj-billing', 'proj-search'], permission: 'reader' };

    // Act
    const status = await harness.getStatus();
    const listed = await harness.listResources({ resourceType: 'project' });
    await harness.grant(grant);
    const afterGrant = (await admin('/admin/memberships?username=dana%40example.com')) as Array<{ projectId: string; role: string }>;
    const { secret } = await harness.createCredentials({ username: 'dana@example.com', resources: ['proj-billing'] });
    await harness.revoke(grant);
    const afterRevoke = await admin('/admin/memberships?username=dana%40example.com');

    // Assess
    expect(status).toEqual({ status: 'active' });
    expect(listed.resources.map((resource) => resource.id)).toContain('proj-billing');
    expect(afterGrant.map((m) => [m.projectId, m.role])).toEqual([
      ['proj-billing', 'reader'],
      ['proj-search', 'reader'],
    ]);
    const stored = readFileSync(path.join(dataDir, 'portal.json'), 'utf8');
    expect(stored).not.toContain(secret);
    expect(stored).toContain(createHash('sha256').update(secret).digest('hex'));
    expect(afterRevoke).toEqual([]);
  });
});

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
