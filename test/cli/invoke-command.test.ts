import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI_FROM_SOURCE, runNode } from '../support/cli-process';

const HANDLER = path.join(__dirname, '../support/cli-fixture-integration.ts');
const CREDENTIAL_PARAMS = ['--param', 'resource_type=project', '--param', 'resources=proj-billing'];

describe('apono-lambda invoke', () => {
  let workDir: string;
  beforeAll(() => {
    workDir = mkdtempSync(path.join(tmpdir(), 'invoke-'));
  });
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  test('invokes a TypeScript handler module with an event built from a type and --param, printing only the answer on stdout', async () => {
    // Act
    const run = await runNode([...CLI_FROM_SOURCE, 'invoke', HANDLER, 'create-credentials', '--param', 'username=dana@example.com', ...CREDENTIAL_PARAMS, '--store', 'memory']);

    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ status: 'ok', secret: 'token-for-dana@example.com' });
  });

  test('invokes with an event read from a JSON file, applying --custom on top', async () => {
    // Prepare
    const eventFile = path.join(workDir, 'list.json');
    writeFileSync(eventFile, JSON.stringify({ event_type: 'list-resources', params: { resource_type: 'team', custom_parameters: {} } }));

    // Act
    const run = await runNode([...CLI_FROM_SOURCE, 'invoke', HANDLER, eventFile, '--custom', 'team=platform', '--store', 'memory']);

    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ resources: [{ id: 'proj-billing', type: 'team' }, { id: 'proj-search', type: 'team' }] });
  });

  test('prints a function error as {errorType, errorMessage} on stderr and exits 1', async () => {
    // Act
    const run = await runNode([...CLI_FROM_SOURCE, 'invoke', HANDLER, 'delete-credentials', '--param', 'username=fail@example.com', ...CREDENTIAL_PARAMS, '--store', 'memory']);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lastLine = run.stderr.trim().split('\n').pop() ?? '';
    expect(JSON.parse(lastLine)).toEqual({ errorType: 'FixtureRefusalError', errorMessage: 'the fixture integration refuses this user' });
  });

  test('a usage error commander catches (a bad option value) exits 2 like every CLI error, not 1 like a function error', async () => {
    // Act
    const run = await runNode([...CLI_FROM_SOURCE, 'invoke', HANDLER, 'get-status', '--timeout-seconds', 'soon', '--store', 'memory']);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("option '--timeout-seconds <s>' argument 'soon' is invalid");
  });

  test('--help exits 0', async () => {
    // Act
    const run = await runNode([...CLI_FROM_SOURCE, 'invoke', '--help']);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: apono-lambda invoke');
  });

  test('refuses a grant-access without params, naming each missing field and its --param, before the handler runs', async () => {
    // Act
    const run = await runNode([...CLI_FROM_SOURCE, 'invoke', HANDLER, 'grant-access', '--param', 'username=dana@example.com', '--store', 'memory']);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('grant-access needs explicit values; missing: grant_id, resource_type, resources, permission');
    expect(run.stderr).toContain('--param grant_id=');
    expect(run.stderr).toContain('--example-values');
    expect(run.stderr).not.toContain('grant-access answered');
  });

  test('with --example-values, runs a grant-access and says on stderr which values it invented', async () => {
    // Act
    const run = await runNode([...CLI_FROM_SOURCE, 'invoke', HANDLER, 'grant-access', '--param', 'username=dana@example.com', '--example-values', '--store', 'memory']);

    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ status: 'ok' });
    expect(run.stderr).toMatch(/--example-values invented: grant_id=[0-9a-f-]{36}, resource_type=resource, resources=resource-1, permission=reader/);
    expect(run.stderr).not.toContain('username=user@example.com');
  });

  test('runs a read-only event without any params', async () => {
    // Act
    const run = await runNode([...CLI_FROM_SOURCE, 'invoke', HANDLER, 'get-status', '--store', 'memory']);

    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ status: 'active' });
    expect(run.stderr).not.toContain('invented');
  });
});
