import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI_FROM_SOURCE, runNode } from '../support/cli-process';

const HANDLER = path.join(__dirname, '../support/reconcile-fixture-integration.ts');

describe('apono-lambda reconcile', () => {
  let dir: string;
  let appFile: string;
  const env = () => ({ ...process.env, RECONCILE_APP_FILE: appFile });
  const cli = (...args: string[]) => runNode([...CLI_FROM_SOURCE, ...args, '--data-dir', path.join(dir, 'data')], { env: env() });
  const access = (eventType: 'grant-access' | 'revoke-access', grantId: string, custom: string[] = []) =>
    cli('invoke', HANDLER, eventType, '--param', `grant_id=${grantId}`, '--param', 'username=dana@example.com', '--param', 'resource_type=project',
      '--param', 'resources=proj-1', '--param', 'permission=reader', ...custom);
  const memberships = () => JSON.parse(readFileSync(appFile, 'utf8')) as Array<{ username: string }>;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'reconcile-cli-'));
    appFile = path.join(dir, 'app.json');
    writeFileSync(appFile, JSON.stringify([{ username: 'eve@example.com', resource: 'proj-9', permission: 'admin' }]));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the report as tables: hand-made access orphaned and only reported, in a dry run', async () => {
    // Act
    const run = await cli('reconcile', HANDLER, '--resource-type', 'project', '--dry-run');
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('reconcile of project (dry run: nothing revoked)');
    expect(run.stdout).toMatch(/orphaned \(1\):\n\s+USERNAME\s+TYPE.*\n\s+eve@example\.com\s+project\s+proj-9\s+admin\s+-\s+-\s+no-record\s+report/);
    expect(memberships()).toHaveLength(1);
  }, 30_000);

  it('revokes, against the local store, access whose revoke "succeeded" without removing it; --json prints the report object', async () => {
    // Prepare
    expect((await access('grant-access', 'g-1')).code).toBe(0);
    expect((await access('revoke-access', 'g-1', ['--custom', 'broken=yes'])).code).toBe(0);
    // Act
    const run = await cli('reconcile', HANDLER, '--resource-type', 'project', '--json');
    // Assess
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { counts: { orphaned: number; revoked: number }; revoked: Array<{ grantId: string; ok: boolean }> };
    expect(report.counts).toMatchObject({ orphaned: 2, revoked: 1 });
    expect(report.revoked).toEqual([expect.objectContaining({ grantId: 'g-1', ok: true })]);
    expect(memberships().map((m) => m.username)).toEqual(['eve@example.com']);
  }, 60_000);

  it('exits 1 with the error on stderr when the reconcile fails (an undeclared capability, a bad input)', async () => {
    // Act
    const run = await runNode([...CLI_FROM_SOURCE, 'reconcile', path.join(__dirname, '../support/cli-fixture-integration.ts'), '--resource-type', 'project', '--store', 'memory']);
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('"errorType":"UnsupportedEventError"');
    expect(run.stderr).toContain('has no @ListAccess method');
  }, 30_000);
});
