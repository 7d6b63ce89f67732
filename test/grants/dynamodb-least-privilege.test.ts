/**
 * DynamoDbGrantStore at run time sends only what the documented least-privilege
 * role allows (GrantTableIamActions.runtime: GetItem, PutItem, UpdateItem). A command
 * outside it is refused by IAM in production, where dynalite would accept it, so
 * the commands are counted at the client and compared with the list.
 */
import { randomUUID } from 'node:crypto';
import { CredentialLedger } from '../../src/grants/credential-ledger';
import { GrantLedger } from '../../src/grants/grant-ledger';
import { createGrantTable, DynamoDbGrantStore, GrantTableIamActions } from '../../src/grants/dynamodb';
import { credentialIdFor } from '../../src/grants/records';
import { countCommands, startDynalite, type LocalDynamo } from '../support/dynalite';
import { anIntent, TestClock } from './grant-fixtures';

/** `UpdateItemCommand` → `dynamodb:UpdateItem`, as IAM names the action. */
function iamActionOf(commandName: string): string {
  return `dynamodb:${commandName.replace(/Command$/, '')}`;
}

describe('DynamoDbGrantStore needs only the runtime IAM actions (against dynalite)', () => {
  let dynamo: LocalDynamo;
  beforeAll(async () => {
    dynamo = await startDynalite();
  });
  afterAll(async () => {
    await dynamo.stop();
  });

  it('a whole grant/revoke/create/reset/delete-credentials lifecycle, failed first credential event included, sends only GetItem, PutItem and UpdateItem', async () => {
    // Prepare
    const client = dynamo.client();
    const tableName = `grants-${randomUUID()}`;
    await createGrantTable(client, tableName);
    const counter = countCommands(client);
    const store = new DynamoDbGrantStore({ tableName, client });
    const clock = new TestClock();
    const grants = new GrantLedger(store, { now: clock.now });
    const credentials = new CredentialLedger(store, { now: clock.now });
    const key = { username: 'ada@example.com', resourceType: 'database', resources: ['db-1'] };
    const intent = anIntent();
    const issue = async () => ({ secret: 's' });
    const fail = async (): Promise<never> => { throw new Error('portal down'); };
    // Act
    const firstCreate = await credentials.track('create', key, clock.lock(), fail).catch((err: unknown) => err);
    await credentials.track('create', key, clock.lock(), issue); // runs at once: the failed first event released its lock
    await credentials.track('reset', key, clock.lock(), issue);
    await credentials.track('reset', key, clock.lock(), fail).catch(() => undefined);
    await credentials.track('delete', key, clock.lock(), async () => undefined);
    await grants.grant(intent, clock.lock(), fail).catch(() => undefined);
    await grants.grant(intent, clock.lock(), async () => ({ data: { id: 'm-1' } }));
    await grants.grant(intent, clock.lock(), async () => undefined); // replay
    await grants.revoke(intent, clock.lock(), async () => { throw new Error('flaky'); }).catch(() => undefined);
    await grants.revoke(intent, clock.lock(), async () => undefined);
    await grants.revoke(intent, clock.lock(), async () => undefined); // replay
    await grants.revoke(anIntent(), clock.lock(), async () => undefined); // never granted: tombstone
    const grantRecord = await store.get(intent.grantId);
    const credentialRecord = await store.getCredential(credentialIdFor(key));
    // Assess
    expect(firstCreate).toMatchObject({ message: 'portal down' });
    expect(grantRecord?.status).toBe('REVOKED');
    expect(credentialRecord).toMatchObject({ status: 'DELETED', history: [{ action: 'create' }, { action: 'reset' }, { action: 'delete' }] });
    const sent = [...counter.counts.keys()].map(iamActionOf);
    expect(sent.filter((action) => !(GrantTableIamActions.runtime as readonly string[]).includes(action))).toEqual([]);
    expect(sent).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']));
  });

  it('listing (the CLI’s grants list, run with an operator’s credentials) is the only Scan', async () => {
    // Prepare
    const client = dynamo.client();
    const tableName = `grants-${randomUUID()}`;
    await createGrantTable(client, tableName);
    const counter = countCommands(client);
    const store = new DynamoDbGrantStore({ tableName, client });
    // Act
    await store.list();
    await store.listCredentials();
    // Assess
    expect([...counter.counts.keys()].map(iamActionOf)).toEqual([...GrantTableIamActions.list]);
  });
});
