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

  describe('GET /admin/membership-pages', () => {
    type Page = { memberships: Array<{ id: string; username: string }>; nextCursor?: string };
    const addMembers = async (url: string, count: number) => {
      for (let n = 0; n < count; n++) {
        await fetch(`${url}/admin/memberships`, {
          method: 'POST',
          headers: adminHeaders,
          body: JSON.stringify({ username: `user-${n}@example.com`, projectId: 'proj-billing', role: 'reader' }),
        });
      }
    };
    const page = async (url: string, query: string) => {
      const response = await fetch(`${url}/admin/membership-pages?${query}`, { headers: adminHeaders });
      return { status: response.status, body: (await response.json()) as Page & { message?: string } };
    };

    test('answers every membership once, in id order, a page of at most limit at a time, until a page without nextCursor', async () => {
      // Prepare
      const portal = await start();
      await addMembers(portal.url, 5);

      // Act
      const pages: Page[] = [];
      let cursor: string | undefined;
      do {
        const { body } = await page(portal.url, new URLSearchParams({ limit: '2', ...(cursor === undefined ? {} : { cursor }) }).toString());
        pages.push(body);
        cursor = body.nextCursor;
      } while (cursor !== undefined);
      const all = (await (await fetch(`${portal.url}/admin/memberships`, { headers: adminHeaders })).json()) as Array<{ id: string }>;
      await portal.close();

      // Assess
      expect(pages.map((p) => p.memberships.length)).toEqual([2, 2, 1]);
      expect(pages.flatMap((p) => p.memberships.map((m) => m.id))).toEqual(all.map((m) => m.id).sort());
    });

    test('a membership removed while someone pages shifts none of the others', async () => {
      // Prepare
      const portal = await start();
      await addMembers(portal.url, 4);
      const first = (await page(portal.url, 'limit=2')).body;

      // Act
      await fetch(`${portal.url}/admin/memberships/${first.memberships[0]!.id}`, { method: 'DELETE', headers: adminHeaders });
      const second = (await page(portal.url, new URLSearchParams({ limit: '2', cursor: first.nextCursor ?? '' }).toString())).body;
      const all = (await (await fetch(`${portal.url}/admin/memberships`, { headers: adminHeaders })).json()) as Array<{ id: string }>;
      await portal.close();

      // Assess
      expect([...first.memberships.slice(1), ...second.memberships].map((m) => m.id)).toEqual(all.map((m) => m.id).sort());
      expect(second.nextCursor).toBeUndefined();
    });

    test('answers at most 100 memberships without a limit', async () => {
      // Prepare
      const portal = await start();
      await addMembers(portal.url, 101);

      // Act
      const { body } = await page(portal.url, '');
      await portal.close();

      // Assess
      expect(body.memberships).toHaveLength(100);
      expect(typeof body.nextCursor).toBe('string');
    });

    test.each(['limit=0', 'limit=501', 'limit=ten', 'limit=2.5', 'cursor=', 'cursor=not*base64'])('refuses %s with 400', async (query) => {
      // Prepare
      const portal = await start();

      // Act
      const { status, body } = await page(portal.url, query);
      await portal.close();

      // Assess
      expect(status).toBe(400);
      expect(body.message).toMatch(/limit|cursor/);
    });

    test('refuses a call without the admin API key', async () => {
      // Prepare
      const portal = await start();

      // Act
      const response = await fetch(`${portal.url}/admin/membership-pages`);
      await portal.close();

      // Assess
      expect(response.status).toBe(401);
    });
  });
});
