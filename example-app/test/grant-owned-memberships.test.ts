import { type MembershipRow, type RealPortal, startRealPortal } from './support/real-portal';

const DANA = 'dana@example.com';
const billingReader = (grantId: string) => ({ grantId, username: DANA, resources: ['proj-billing'], permission: 'reader' });
const triples = (rows: MembershipRow[]) => rows.map((m) => [m.projectId, m.role, m.grantId]);

describe('a revoke removes exactly what its grant added, against the real portal', () => {
  let real: RealPortal;
  beforeEach(async () => {
    real = await startRealPortal();
  });
  afterEach(async () => {
    await real.close();
  });

  test('two grants of the same user, project and role: revoking g-1 leaves g-2’s access', async () => {
    // Prepare
    const harness = real.harness();
    await harness.grant(billingReader('g-1'));
    await harness.grant(billingReader('g-2'));

    // Act
    await harness.revoke(billingReader('g-1'));
    const afterFirstRevoke = await real.membershipsOf(DANA);
    const g2AfterFirstRevoke = (await harness.store.get('g-2'))?.status;
    await harness.revoke(billingReader('g-2'));
    const afterSecondRevoke = await real.membershipsOf(DANA);

    // Assess
    expect(triples(afterFirstRevoke)).toEqual([['proj-billing', 'reader', 'g-2']]);
    expect(g2AfterFirstRevoke).toBe('GRANTED');
    expect(afterSecondRevoke).toEqual([]);
  });

  test('a membership that predates Apono survives a grant and a revoke of the same access', async () => {
    // Prepare
    const standing = await real.admin('/admin/memberships', { method: 'POST', body: { username: DANA, projectId: 'proj-billing', role: 'reader' } });
    const harness = real.harness();
    await harness.grant(billingReader('g-1'));

    // Act
    await harness.revoke(billingReader('g-1'));

    // Assess
    expect(standing.status).toBe(201);
    expect((await real.membershipsOf(DANA)).map((m) => m.id)).toEqual([(standing.body as MembershipRow).id]);
  });

  test('a grant records only the memberships it created', async () => {
    // Prepare
    await real.admin('/admin/memberships', { method: 'POST', body: { username: DANA, projectId: 'proj-billing', role: 'reader' } });
    const harness = real.harness();

    // Act
    await harness.grant(billingReader('g-1'));

    // Assess
    const created = (await real.membershipsOf(DANA)).filter((m) => m.grantId === 'g-1');
    expect(created).toHaveLength(1);
    expect((await harness.store.get('g-1'))?.data).toEqual({ membershipIds: [created[0]!.id] });
  });

  test('without a grant record, the revoke removes only the memberships tagged with its grant_id', async () => {
    // Prepare
    const standing = await real.admin('/admin/memberships', { method: 'POST', body: { username: DANA, projectId: 'proj-billing', role: 'reader' } });
    const granting = real.harness();
    await granting.grant(billingReader('g-1'));
    await granting.grant(billingReader('g-2'));
    const withoutLedger = real.harness();

    // Act
    await withoutLedger.revoke(billingReader('g-1'));

    // Assess
    expect(await withoutLedger.store.get('g-1')).toMatchObject({ status: 'REVOKED' });
    const left = await real.membershipsOf(DANA);
    expect(left.map((m) => m.id)).toContain((standing.body as MembershipRow).id);
    expect(triples(left)).toEqual([
      ['proj-billing', 'reader', undefined],
      ['proj-billing', 'reader', 'g-2'],
    ]);
  });

  test('a retried grant adopts the membership its own earlier attempt created, not a second one', async () => {
    // Prepare
    const first = real.harness();
    await first.grant(billingReader('g-1'));
    const retry = real.harness();

    // Act
    await retry.grant(billingReader('g-1'));

    // Assess
    const rows = await real.membershipsOf(DANA);
    expect(triples(rows)).toEqual([['proj-billing', 'reader', 'g-1']]);
    expect((await retry.store.get('g-1'))?.data).toEqual({ membershipIds: [rows[0]!.id] });
  });
});
