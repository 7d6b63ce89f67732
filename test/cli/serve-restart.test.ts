import { InvokeCommand } from '@aws-sdk/client-lambda';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { withLocalGrantStore } from '../../src/cli/store/prepare-local-store';
import { CLI_FROM_SOURCE, decodePayload, localLambdaClient, startServeProcess, type ServeProcess } from '../support/cli-process';

const HANDLER = path.join(__dirname, '../support/cli-fixture-integration.ts');

const accessEvent = (eventType: 'grant-access' | 'revoke-access') => ({
  event_type: eventType,
  params: {
    grant_id: 'grant-across-restart',
    username: 'dana@example.com',
    resource_type: 'project',
    resources: ['proj-billing'],
    permission: 'reader',
    // The fixture's revoke throws when it runs without the tracked record.
    custom_parameters: { expect_record: 'yes' },
  },
});

describe('serve with the on-disk store', () => {
  let dataDir: string;
  let served: ServeProcess | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'serve-restart-'));
  });
  afterAll(async () => {
    await served?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const serve = () =>
    startServeProcess([...CLI_FROM_SOURCE, 'serve', HANDLER, '--port', '0', '--function-name', 'fixture', '--data-dir', dataDir]);

  const invoke = async (url: string, event: unknown) => {
    const lambda = localLambdaClient(url);
    try {
      const result = await lambda.send(new InvokeCommand({ FunctionName: 'fixture', Payload: Buffer.from(JSON.stringify(event)) }));
      return { functionError: result.FunctionError, answer: decodePayload(result.Payload) };
    } finally {
      lambda.destroy();
    }
  };

  test('keeps the grant ledger across a restart, so the revoke finds the grant’s record', async () => {
    // Prepare
    served = await serve();
    const granted = await invoke(served.url, accessEvent('grant-access'));
    expect(await served.stop()).toBe(0);
    served = await serve();

    // Act
    const revoked = await invoke(served.url, accessEvent('revoke-access'));
    await served.stop();
    served = undefined;

    // Assess
    expect(granted).toEqual({ functionError: undefined, answer: { status: 'ok' } });
    expect(revoked).toEqual({ functionError: undefined, answer: { status: 'ok' } });
    const record = await withLocalGrantStore({ dataDir }, (store) => store.get('grant-across-restart'));
    expect(record?.status).toBe('REVOKED');
    expect(record?.history.map((step) => step.to)).toEqual(['GRANTING', 'GRANTED', 'REVOKING', 'REVOKED']);
  });
});
