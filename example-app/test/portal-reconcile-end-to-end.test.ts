import { MEMBERSHIP_PAGE_SIZE } from '../src/portal-memberships';
import { type MembershipRow, type RealPortal, startRealPortal, TEST_ADMIN_API_KEY } from './support/real-portal';
import { startRequestListener } from './support/request-listener';

const DANA = 'dana@example.com';
const EVE = 'eve@example.com';
const billingReader = (grantId: string) => ({ grantId, username: DANA, resourceType: 'project', resources: ['proj-billing'], permission: 'reader' });

describe('reconcile end to end: the real portal’s memberships against the grant ledger', () => {
  let real: RealPortal;
  beforeEach(async () => {
    real = await startRealPortal();
  });
  afterEach(async () => {
    await real.close();
  });

  /** A membership added in the portal directly, as one of its admins would: no grant_id. */
  const addByHand = async (username: string, projectId: string, role: string) =>
    (await real.admin('/admin/memberships', { method: 'POST', body: { username, projectId, role } })).body as MembershipRow;

  test('a dry run reports a membership added by hand as orphaned (no-record), and neither it nor the granted one is removed', async () => {
    // Prepare
    const harness = real.harness();
    await harness.grant(billingReader('g-1'));
    const byHand = await addByHand(EVE, 'proj-search', 'admin');

    // Act
    const report = await harness.reconcile({ resourceTypes: ['project'], dryRun: true });

    // Assess
    expect(report).toMatchObject({ dryRun: true, counts: { records: 1, accessEntries: 2, orphaned: 1, missing: 0, revoked: 0 }, revoked: [] });
    expect(report.orphaned).toEqual([
      { username: EVE, resourceType: 'project', resources: ['proj-search'], permission: 'admin', reason: 'no-record', action: 'report' },
    ]);
    expect((await real.membershipsOf(EVE)).map((m) => m.id)).toEqual([byHand.id]);
    expect((await real.membershipsOf(DANA)).map((m) => m.grantId)).toEqual(['g-1']);
  });

  test('by default a run leaves the membership added by hand: it is only reported', async () => {
    // Prepare
    const harness = real.harness();
    const byHand = await addByHand(EVE, 'proj-search', 'admin');

    // Act
    const report = await harness.reconcile({ resourceTypes: ['project'] });

    // Assess
    expect(report.orphaned).toEqual([expect.objectContaining({ username: EVE, reason: 'no-record', action: 'report' })]);
    expect(report.revoked).toEqual([]);
    expect((await real.membershipsOf(EVE)).map((m) => m.id)).toEqual([byHand.id]);
  });

  test('with reconcile: { revokeUnrecorded: true }, the membership added by hand is removed and the granted one kept', async () => {
    // Prepare
    const granting = real.harness();
    await granting.grant(billingReader('g-1'));
    await addByHand(EVE, 'proj-search', 'admin');
    const harness = real.harness(real.environment, { store: granting.store, reconcile: { revokeUnrecorded: true } });

    // Act
    const report = await harness.reconcile({ resourceTypes: ['project'] });

    // Assess
    expect(report.revoked).toEqual([expect.objectContaining({ username: EVE, resources: ['proj-search'], permission: 'admin', reason: 'no-record', ok: true })]);
    expect(await real.membershipsOf(EVE)).toEqual([]);
    expect((await real.membershipsOf(DANA)).map((m) => m.grantId)).toEqual(['g-1']);
    expect((await harness.store.get('g-1'))?.status).toBe('GRANTED');
    expect((await harness.store.get(report.revoked[0]!.grantId))?.status).toBe('REVOKED');
  });

  test('a revoke undone by a portal restored from a backup: reconcile finds the REVOKED grant’s membership and removes it', async () => {
    // Prepare
    const harness = real.harness();
    await harness.grant(billingReader('g-1'));
    real.backUp();
    await harness.revoke(billingReader('g-1'));
    const afterRevoke = await real.membershipsOf(DANA);
    await real.restoreBackup();
    const afterRestore = await real.membershipsOf(DANA);

    // Act
    const report = await harness.reconcile({ resourceTypes: ['project'] });

    // Assess
    expect(afterRevoke).toEqual([]);
    expect(afterRestore.map((m) => m.grantId)).toEqual(['g-1']);
    expect(report.orphaned).toEqual([expect.objectContaining({ grantId: 'g-1', recordStatus: 'REVOKED', reason: 'record-revoked', action: 'revoke' })]);
    expect(report.revoked).toEqual([expect.objectContaining({ grantId: 'g-1', ok: true })]);
    expect(await real.membershipsOf(DANA)).toEqual([]);
    expect((await harness.store.get('g-1'))?.history.at(-2)?.note).toMatch(/access left behind \(record-revoked\) revoked/);
  });

  test('lists every membership of a portal with more than one page of them', async () => {
    // Prepare
    const count = MEMBERSHIP_PAGE_SIZE + 3;
    for (let n = 0; n < count; n++) await addByHand(`user-${n}@example.com`, 'proj-analytics', 'reader');
    const harness = real.harness();

    // Act
    const entries = await harness.listAccess({ resourceType: 'project' });

    // Assess
    expect(new Set(entries.map((entry) => entry.username)).size).toBe(count);
  });

  test('a portal that answers the page listing with something other than a page fails reconcile, rather than reading it as no memberships', async () => {
    // Prepare: a portal without the paged endpoint, behind a proxy that answers 200 [] to anything
    const olderPortal = await startRequestListener();
    const harness = real.harness({ PORTAL_ADMIN_API_KEY: TEST_ADMIN_API_KEY, PORTAL_ORIGIN: olderPortal.url });

    // Act
    const failure = await harness.reconcile({ resourceTypes: ['project'], customParameters: { base_url: olderPortal.url } }).catch((err: unknown) => err);
    await olderPortal.close();

    // Assess
    expect(failure).toMatchObject({ name: 'PortalRequestError', message: expect.stringContaining('/admin/membership-pages answered something other than') });
    expect(olderPortal.seen.map((request) => request.url)).toEqual(['/admin/membership-pages?limit=200']);
  });
});
