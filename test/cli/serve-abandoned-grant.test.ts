/**
 * The second reproduction, through `apono-lambda serve --timeout-seconds 2`
 * driven by @aws-sdk/client-lambda: a @Grant that ignores its signal lands 2.5 s
 * after the invocation began; the revoke must not answer ok while it runs, and the
 * late grant is undone through @Revoke with the data it returned.
 */
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { withLocalGrantStore } from '../../src/cli/store/prepare-local-store';
import { CLI_FROM_SOURCE, decodePayload, localLambdaClient, startServeProcess, type ServeProcess } from '../support/cli-process';
import type { SlowGrantJournalEntry } from '../support/slow-grant-integration';

const HANDLER = path.join(__dirname, '../support/slow-grant-integration.ts');
const access = (eventType: 'grant-access' | 'revoke-access', custom: Record<string, string> = {}) => ({
  event_type: eventType,
  params: { grant_id: 'g-late', username: 'dana@example.com', resource_type: 'project', resources: ['proj-billing'], permission: 'reader', custom_parameters: custom },
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('serve --timeout-seconds 2: a grant that ignores its signal and lands after the answer', () => {
  let dir: string;
  let served: ServeProcess | undefined;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'serve-abandoned-'));
  });
  afterAll(async () => {
    await served?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const invoke = async (event: unknown) => {
    const lambda = localLambdaClient(served!.url);
    try {
      const result = await lambda.send(new InvokeCommand({ FunctionName: 'fixture', Payload: Buffer.from(JSON.stringify(event)) }));
      return { functionError: result.FunctionError, answer: decodePayload(result.Payload) as { errorType?: string; status?: string } };
    } finally {
      lambda.destroy();
    }
  };

  it('refuses the revoke while the abandoned grant runs, undoes the grant when it lands, and then revokes', async () => {
    // Prepare
    const journalFile = path.join(dir, 'journal.jsonl');
    served = await startServeProcess(
      [...CLI_FROM_SOURCE, 'serve', HANDLER, '--port', '0', '--function-name', 'fixture', '--data-dir', path.join(dir, 'data'), '--timeout-seconds', '2'],
      { env: { ...process.env, SLOW_GRANT_JOURNAL: journalFile } },
    );
    const journal = () => (existsSync(journalFile) ? readFileSync(journalFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SlowGrantJournalEntry) : []);
    // Act
    const granted = await invoke(access('grant-access', { sleep_ms: '2500' }));
    const earlyRevoke = await invoke(access('revoke-access'));
    for (let i = 0; i < 50 && !journal().some((e) => e.method === 'revoke'); i++) await sleep(100);
    const revoked = await invoke(access('revoke-access'));
    // Assess
    expect(granted.answer.errorType).toBe('DeadlineExceededError');
    expect(earlyRevoke.answer.errorType).toBe('GrantInProgressError');
    expect(revoked).toEqual({ functionError: undefined, answer: { status: 'ok' } });
    const methods = journal().map((e) => e.method);
    expect(methods.slice(0, 3)).toEqual(['grant', 'granted', 'revoke']); // the undo, right after the late grant
    expect(journal()[2]).toMatchObject({ method: 'revoke', data: { membershipId: 'mem-g-late' } });
    await served.stop();
    served = undefined;
    const record = await withLocalGrantStore({ dataDir: path.join(dir, 'data') }, (store) => store.get('g-late'));
    expect(record?.status).toBe('REVOKED');
    expect(record?.history.map((t) => t.note ?? '').join('\n')).toContain('late grant undone');
  }, 30_000);
});
