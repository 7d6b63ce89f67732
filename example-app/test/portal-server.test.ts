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

  test('keeps one membership per grant: a grant’s membership never merges with a hand-added one or another grant’s', async () => {
    // Prepare
    const portal = await start();
    const add = async (grantId?: string) => {
      const response = await fetch(`${portal.url}/admin/memberships`, {
        method: 'POST',
        headers: adminHeaders,
        body: JSON.stringify({ username: 'dana@example.com', projectId: 'proj-billing', role: 'reader', grantId }),
      });
      return { status: response.status, id: ((await response.json()) as { id: string }).id };
    };

    // Act
    const byHand = await add();
    const byHandAgain = await add();
    const g1 = await add('g-1');
    const g1Retried = await add('g-1');
    const g2 = await add('g-2');
    const ofG1 = (await (await fetch(`${portal.url}/admin/memberships?grantId=g-1`, { headers: adminHeaders })).json()) as Array<{ id: string }>;
    await portal.close();

    // Assess
    expect([byHand.status, byHandAgain.status, g1.status, g1Retried.status, g2.status]).toEqual([201, 200, 201, 200, 201]);
    expect(byHandAgain.id).toBe(byHand.id);
    expect(g1Retried.id).toBe(g1.id);
    expect(new Set([byHand.id, g1.id, g2.id]).size).toBe(3);
    expect(ofG1.map((m) => m.id)).toEqual([g1.id]);
  });

  test('refuses a grantId that is not a non-empty string', async () => {
    // Prepare
    const portal = await start();

    // Act
    const response = await fetch(`${portal.url}/admin/memberships`, {
      method: 'POST',
      headers: adminHeaders,
      body: JSON.stringify({ username: 'dana@example.com', projectId: 'proj-billing', role: 'reader', grantId: 42 }),
    });
    await portal.close();

    // Assess
    expect(response.status).toBe(400);
  });
});
