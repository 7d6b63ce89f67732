/**
 * `npm run demo`: starts the example stack on free ports with a fresh ledger in
 * .data/demo, drives the whole lifecycle through @aws-sdk/client-lambda exactly
 * as Apono's connector would, and prints every answer (secrets masked) and the
 * final ledger.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { formatGrantRecord, formatGrantTable } from '../../src/cli/commands/ledger-commands';
import { withLocalGrantStore } from '../../src/cli/store/prepare-local-store';
import { ADMIN_API_KEY_HEADER } from '../portal/portal-server';
import { DEV_ADMIN_API_KEY } from '../src/admin-api-key/local-admin-api-key';
import { exampleEvents, startLocalStack } from './local-stack';

const DATA_DIR = path.join(process.env.DATA_DIR ?? '.data', 'demo');

// The story goes to stdout; the integration's own JSON log lines go to stderr (`npm run demo 2>/dev/null` hides them).
const print = process.stdout.write.bind(process.stdout) as (text: string) => boolean;
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;

async function main(): Promise<void> {
  rmSync(DATA_DIR, { recursive: true, force: true });
  const stack = await startLocalStack({ dataDir: DATA_DIR });
  const lambda = new LambdaClient({
    endpoint: stack.lambda.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const grantId = randomUUID();
  const events = exampleEvents(stack.portal.url, grantId);
  let unexpected = 0;

  const step = async (title: string, eventName: string, expectError?: string): Promise<void> => {
    const result = await lambda.send(
      new InvokeCommand({ FunctionName: stack.lambda.functionName, Payload: Buffer.from(JSON.stringify(events[eventName])) }),
    );
    const answer = JSON.parse(Buffer.from(result.Payload ?? new Uint8Array()).toString('utf8')) as unknown;
    const outcome = result.FunctionError ? `function error (${result.FunctionError})` : 'ok';
    print(`\n▶ ${title}\n  ${eventName} → ${outcome}\n  ${JSON.stringify(maskSecrets(answer))}\n`);
    const errorType = (answer as { errorType?: string } | null)?.errorType;
    if ((expectError ?? undefined) !== (result.FunctionError ? errorType : undefined)) {
      unexpected += 1;
      print(`  ✗ expected ${expectError ?? 'success'}\n`);
    }
  };

  try {
    print(`portal ${stack.portal.url} · Lambda ${stack.lambda.url} · grant_id ${grantId}\n`);
    await step('Apono checks the integration', 'get-status');
    await step('Apono lists the projects and roles', 'list-resources');
    await step('dana@example.com is granted writer on Billing and Search', 'grant-access');
    await step('Apono retries the same grant: answered from the ledger, no second membership', 'grant-access');
    await step('dana gets a personal API token', 'create-credentials');
    await step('the token is rotated', 'reset-credentials');
    await step('access ends: the memberships the grant recorded are removed', 'revoke-access');
    await step('the token is deleted', 'delete-credentials');
    await step('a late retry of the grant arrives after the revoke: refused, access stays revoked', 'grant-access', 'GrantRevokedError');

    const handMade = { username: 'eve@example.com', projectId: 'proj-search', role: 'admin' };
    const added = await fetch(`${stack.portal.url}/admin/memberships`, {
      method: 'POST',
      headers: { [ADMIN_API_KEY_HEADER]: process.env.PORTAL_ADMIN_API_KEY || DEV_ADMIN_API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify(handMade),
    });
    print(`\n▶ a portal admin adds eve@example.com as admin of Search by hand, outside Apono\n  POST /admin/memberships → ${added.status}\n`);
    await step('reconcile (dry run) finds it: orphaned, reason no-record, reported and left in place', 'reconcile-dry-run');

    const records = await withLocalGrantStore({ dataDir: DATA_DIR }, (store) => store.list());
    print(`\nThe grant ledger (${path.join(DATA_DIR, 'dynalite')}):\n${formatGrantTable(records)}`);
    const record = records.find((r) => r.grantId === grantId);
    if (record) print(`\n${formatGrantRecord(record)}`);
  } finally {
    lambda.destroy();
    await stack.close();
  }
  if (unexpected > 0) throw new Error(`${unexpected} step(s) did not answer as expected`);
  print(`\nDone. Read it again with: npx tsx src/cli/main.ts grants list --data-dir ${DATA_DIR}\n`);
}

/** Replaces every `secret` value by its first characters: a demo printout is still a printout. */
function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, key === 'secret' && typeof inner === 'string' ? `${inner.slice(0, 6)}…(masked)` : maskSecrets(inner)]),
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`demo failed: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
