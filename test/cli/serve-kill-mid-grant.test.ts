import { InvokeCommand } from '@aws-sdk/client-lambda';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { withLocalGrantStore } from '../../src/cli/store/prepare-local-store';
import type { GrantRecord } from '../../src/grants/records';
import { CLI_FROM_SOURCE, decodePayload, localLambdaClient, startServeProcess, type ServeProcess } from '../support/cli-process';
import type { SlowGrantJournalEntry } from '../support/slow-grant-integration';

const HANDLER = path.join(__dirname, '../support/slow-grant-integration.ts');
const FUNCTION_NAME = 'slow-grant';
const GRANT_ID = 'grant-killed-mid-way';
/** The function timeout, so the grant lock's lifetime: long enough for a restart, short enough to wait out. */
const TIMEOUT_SECONDS = 3;
const POLL_INTERVAL_MS = 100;

/**
 * The event Apono would send, and resend on retry. `hang` is a custom parameter, not
 * part of the grant's payload (username, resource type, resources, permission):
 * the hanging grant and its retries are the same grant.
 */
const accessEvent = (eventType: 'grant-access' | 'revoke-access', hang: 'yes' | 'no' = 'no') => ({
  event_type: eventType,
  params: {
    grant_id: GRANT_ID,
    username: 'dana@example.com',
    resource_type: 'project',
    resources: ['proj-billing'],
    permission: 'reader',
    custom_parameters: { hang },
  },
});

interface Invoked {
  functionError: string | undefined;
  answer: unknown;
  requestId: string | undefined;
}

/** Polls `probe` until it returns a value, for at most `timeoutMs`. */
async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

/** A lock owner (and history `by`) of the invocation with that Lambda request id: the framework appends `/<8 hex>`. */
const ownerOf = (requestId: string | undefined) => expect.stringMatching(new RegExp(`^${requestId}/[0-9a-f]{8}$`));

const isGrantInProgress = (invoked: Invoked): boolean =>
  invoked.functionError !== undefined && (invoked.answer as { errorType?: unknown }).errorType === 'GrantInProgressError';

describe('serve killed with SIGKILL in the middle of a grant', () => {
  let workDir: string;
  let dataDir: string;
  let journalFile: string;
  const started: ServeProcess[] = [];

  beforeAll(() => {
    workDir = mkdtempSync(path.join(tmpdir(), 'serve-kill-mid-grant-'));
    dataDir = path.join(workDir, 'data');
    journalFile = path.join(workDir, 'journal.jsonl');
  });
  afterAll(async () => {
    // SIGKILL: nothing here needs a graceful stop, and a hung invocation would hold a SIGTERM for its grace period.
    for (const served of started) {
      served.child.kill('SIGKILL');
      await served.stop();
    }
    rmSync(workDir, { recursive: true, force: true });
  });

  const serve = async (): Promise<ServeProcess> => {
    const served = await startServeProcess(
      [...CLI_FROM_SOURCE, 'serve', HANDLER, '--port', '0', '--function-name', FUNCTION_NAME, '--data-dir', dataDir, '--timeout-seconds', String(TIMEOUT_SECONDS)],
      { env: { ...process.env, SLOW_GRANT_JOURNAL: journalFile } },
    );
    started.push(served);
    return served;
  };

  const invoke = async (url: string, event: unknown): Promise<Invoked> => {
    const lambda = localLambdaClient(url);
    try {
      const result = await lambda.send(
        new InvokeCommand({ FunctionName: FUNCTION_NAME, InvocationType: 'RequestResponse', Payload: Buffer.from(JSON.stringify(event)) }),
      );
      return { functionError: result.FunctionError, answer: decodePayload(result.Payload), requestId: result.$metadata.requestId };
    } finally {
      lambda.destroy();
    }
  };

  const journal = (): SlowGrantJournalEntry[] =>
    existsSync(journalFile)
      ? readFileSync(journalFile, 'utf8').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as SlowGrantJournalEntry)
      : [];

  const readRecord = (): Promise<GrantRecord | undefined> => withLocalGrantStore({ dataDir }, (store) => store.get(GRANT_ID));

  /*
   * The crash, run once and shared by the tests (each awaits it, so any one runs alone):
   * a grant-access starts its @Grant, which hangs holding the grant_id's lock; the
   * process is SIGKILLed (no finally, no release) and serve restarts on the same data.
   */
  let crash: Promise<{ restarted: ServeProcess; deadRequestId: string; deadLockOwner: string; deadLockExpiresAtMs: number }> | undefined;
  const killMidGrantAndRestart = () =>
    (crash ??= (async () => {
      const first = await serve();
      const lambda = localLambdaClient(first.url);
      const hung = lambda
        .send(new InvokeCommand({ FunctionName: FUNCTION_NAME, InvocationType: 'RequestResponse', Payload: Buffer.from(JSON.stringify(accessEvent('grant-access', 'yes'))) }))
        .then(
          (result) => ({ answered: result }),
          (error: unknown) => ({ failed: error }),
        );
      const hanging = await waitFor('the hanging @Grant to start', 10_000, () =>
        journal().find((entry) => entry.method === 'grant' && entry.hang),
      );
      first.child.kill('SIGKILL');
      await first.stop();
      const outcome = await hung;
      lambda.destroy();
      if (first.child.signalCode !== 'SIGKILL') throw new Error(`the first serve was not killed (signal ${first.child.signalCode})`);
      if ('answered' in outcome) throw new Error(`the hanging grant answered before the kill: ${JSON.stringify(outcome.answered)}`);
      const restarted = await serve();
      const record = await readRecord();
      const deadLockOwner = record?.lockOwner;
      if (record?.status !== 'GRANTING' || !deadLockOwner?.startsWith(`${hanging.requestId}/`) || record.lockExpiresAtMs === undefined) {
        throw new Error(`expected the killed invocation's lock on the record, found ${JSON.stringify(record)}`);
      }
      return { restarted, deadRequestId: hanging.requestId, deadLockOwner, deadLockExpiresAtMs: record.lockExpiresAtMs };
    })());

  /** Retries the grant-access (not hanging now) as Apono would, until the dead lock has expired. */
  let takeover: Promise<{ retried: Invoked; refusedRetries: number }> | undefined;
  const retryUntilTheLockExpires = () =>
    (takeover ??= (async () => {
      const { restarted } = await killMidGrantAndRestart();
      let refusedRetries = 0;
      const retried = await waitFor('a retry after the lock expired', TIMEOUT_SECONDS * 1000 + 5_000, async () => {
        const invoked = await invoke(restarted.url, accessEvent('grant-access'));
        if (!isGrantInProgress(invoked)) return invoked;
        refusedRetries += 1;
        return undefined;
      });
      return { retried, refusedRetries };
    })());

  test('refuses a retry with GrantInProgressError while the killed invocation’s lock is live, without running @Grant', async () => {
    // Prepare
    const { restarted, deadLockOwner, deadLockExpiresAtMs } = await killMidGrantAndRestart();

    // Act
    const retriedAtMs = Date.now();
    const retried = await invoke(restarted.url, accessEvent('grant-access'));

    // Assess
    expect(retriedAtMs).toBeLessThan(deadLockExpiresAtMs); // else the restart outlived the lock: raise TIMEOUT_SECONDS
    expect(retried.functionError).toBe('Unhandled');
    expect(retried.answer).toEqual({
      errorType: 'GrantInProgressError',
      errorMessage: expect.stringContaining(`grant_id ${GRANT_ID} is locked by another invocation running a grant (status GRANTING`),
    });
    const record = await readRecord();
    expect(record).toMatchObject({ status: 'GRANTING', lockOwner: deadLockOwner, lockExpiresAtMs: deadLockExpiresAtMs });
    expect(journal().filter((entry) => entry.method === 'grant')).toHaveLength(1);
  });

  test('completes a retry once the dead lock expires: GRANTED with the grant’s data, and the takeover in the history', async () => {
    // Prepare
    const { deadRequestId, deadLockOwner, deadLockExpiresAtMs } = await killMidGrantAndRestart();

    // Act
    const { retried } = await retryUntilTheLockExpires();

    // Assess
    expect(retried).toEqual({ functionError: undefined, answer: { status: 'ok' }, requestId: expect.any(String) });
    const record = await readRecord();
    expect(record?.status).toBe('GRANTED');
    expect(record?.data).toEqual({ membershipId: `mem-${GRANT_ID}` });
    expect(record?.lockOwner).toBeUndefined();
    expect(record?.history.map(({ from, to, by }) => ({ from, to, by }))).toEqual([
      { from: undefined, to: 'GRANTING', by: deadLockOwner },
      { from: 'GRANTING', to: 'GRANTING', by: ownerOf(retried.requestId) },
      { from: 'GRANTING', to: 'GRANTED', by: record!.history[1]!.by },
    ]);
    expect(record!.history[1]!.atMs).toBeGreaterThanOrEqual(deadLockExpiresAtMs);
    expect(journal().filter((entry) => entry.method === 'grant').map(({ requestId, hang }) => ({ requestId, hang }))).toEqual([
      { requestId: deadRequestId, hang: true },
      { requestId: retried.requestId, hang: false },
    ]);
  });

  test('revokes the taken-over grant, handing @Revoke the data the retry recorded', async () => {
    // Prepare
    const { restarted } = await killMidGrantAndRestart();
    await retryUntilTheLockExpires();

    // Act
    const revoked = await invoke(restarted.url, accessEvent('revoke-access'));

    // Assess
    expect(revoked).toEqual({ functionError: undefined, answer: { status: 'ok' }, requestId: expect.any(String) });
    const record = await readRecord();
    expect(record?.status).toBe('REVOKED');
    expect(record?.history.slice(-2).map(({ from, to, by }) => ({ from, to, by }))).toEqual([
      { from: 'GRANTED', to: 'REVOKING', by: ownerOf(revoked.requestId) },
      { from: 'REVOKING', to: 'REVOKED', by: record?.history.at(-2)?.by },
    ]);
    expect(journal().filter((entry) => entry.method === 'revoke')).toEqual([
      { method: 'revoke', grantId: GRANT_ID, requestId: revoked.requestId, data: { membershipId: `mem-${GRANT_ID}` } },
    ]);
  });
});
