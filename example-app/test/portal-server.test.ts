import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startPortalServer } from '../portal/portal-server';

const ADMIN_KEY = 'portal-test-admin-key';

describe('the project portal', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'portal-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const start = () => startPortalServer({ dataFile: path.join(dataDir, 'portal.json'), adminApiKey: ADMIN_KEY, port: 0 });
  const adminHeaders = { 'x-admin-api-key': ADMIN_KEY, 'content-type': 'application/json' };

  test('refuses an admin call without the admin API key', async () => {
    // Prepare
    const portal = await start();

    // Act
    const response = await fetch(`${portal.url}/admin/projects`, { headers: { 'x-admin-api-key': 'wrong-key-of-some-length' } });
    await portal.close();

    // Assess
    expect(response.status).toBe(401);
  });

  test('keeps memberships across a restart on the same data file', async () => {
    // Prepare
    const first = await start();
    const created = (await (
      await fetch(`${first.url}/admin/memberships`, {
        method: 'POST',
        headers: adminHeaders,
        body: JSON.stringify({ username: 'dana@example.com', projectId: 'proj-search', role: 'admin' }),
      })
    ).json()) as { id: string };
    await first.close();

    // Act
    const second = await start();
    const listed = (await (await fetch(`${second.url}/admin/memberships`, { headers: adminHeaders })).json()) as Array<{ id: string }>;
    await second.close();

    // Assess
    expect(listed.map((m) => m.id)).toEqual([created.id]);
  });

  test('answers the health check without a key', async () => {
    // Prepare
    const portal = await start();

    // Act
    const response = await fetch(`${portal.url}/health`);
    await portal.close();

    // Assess
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});
