import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConsoleSettingsFile, MASK } from '../../src/console/console-settings';
import { ConsoleGuard } from '../../src/console/console-guard';

/** The console's guard on a real loopback server, and its settings file on a real folder. */

describe('ConsoleGuard', () => {
  const guard = new ConsoleGuard();
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const tokenInUrl = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token');
      if (!guard.check(req, res, tokenInUrl).allowed) return;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('the token in the URL lets the request in', async () => {
    // Act
    const response = await fetch(`${base}/?token=${guard.token}`);

    // Assess
    expect(response.status).toBe(200);
  });

  test('the session cookie under the per-run name lets the request in', async () => {
    // Act
    const response = await fetch(`${base}/console/api/state`, { headers: { Cookie: `${guard.cookieName}=${guard.token}` } });

    // Assess
    expect(guard.sessionCookie()).toBe(`${guard.cookieName}=${guard.token}; Path=/; HttpOnly; SameSite=Strict`);
    expect(response.status).toBe(200);
  });

  test('a wrong token is refused with 401, without echoing it', async () => {
    // Act
    const response = await fetch(`${base}/?token=${'0'.repeat(64)}`);

    // Assess
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain('0'.repeat(64));
  });

  test('a missing token is refused with 401', async () => {
    // Act
    const response = await fetch(`${base}/console/api/state`);

    // Assess
    expect(response.status).toBe(401);
  });
});

describe('ConsoleSettingsFile', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'console-settings-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  test('a secret-looking value is masked in what the page gets, and kept for events', () => {
    // Prepare
    const settings = new ConsoleSettingsFile(dataDir);

    // Act
    settings.update({ resourceType: 'project', customParameters: { api_token: 'tok-123456', team: 'platform' } });

    // Assess
    expect(settings.masked()).toMatchObject({ customParameters: { api_token: MASK, team: 'platform' }, secretKeys: ['api_token'] });
    expect(settings.current().customParameters).toEqual({ api_token: 'tok-123456', team: 'platform' });
  });

  test('a secret-looking value is never written to console.json; after a restart it is asked for again', () => {
    // Prepare
    new ConsoleSettingsFile(dataDir).update({ resourceType: 'project', customParameters: { api_token: 'tok-123456', team: 'platform' } });

    // Act
    const restarted = new ConsoleSettingsFile(dataDir);

    // Assess
    expect(readFileSync(path.join(dataDir, 'console.json'), 'utf8')).not.toContain('tok-123456');
    expect(restarted.masked()).toMatchObject({ customParameters: { team: 'platform' }, missingSecrets: ['api_token'] });
    expect(restarted.current().customParameters).toEqual({ team: 'platform' });
  });

  test('the mask sent back keeps the value held', () => {
    // Prepare
    const settings = new ConsoleSettingsFile(dataDir);
    settings.update({ resourceType: 'project', customParameters: { api_token: 'tok-123456' } });

    // Act
    settings.update({ resourceType: 'project', customParameters: { api_token: MASK } });

    // Assess
    expect(settings.current().customParameters.api_token).toBe('tok-123456');
  });
});
