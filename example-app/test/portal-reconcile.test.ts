import type { ReconcileOptions } from 'apono-lambda-kit';
import { createTestHarness, type TestHarness } from 'apono-lambda-kit/testing';
import { RECONCILE_GRANT_ID_PREFIX } from '../../src/reconcile/reconcile';
import { RECONCILE_TOMBSTONE_PREFIX } from '../src/grant-memberships';
import { PORTAL_API } from '../src/portal-client';
import { PortalIntegration } from '../src/portal-integration';
import { FakePortal } from './fake-portal';

const DANA = 'dana@example.com';
const billingReader = (grantId: string) => ({ grantId, username: DANA, resourceType: 'project', resources: ['proj-billing'], permission: 'reader' });
const handAdded = { id: 'mem-by-hand', projectId: 'proj-search', username: 'eve@example.com', role: 'admin' };

describe('reconcile of the portal’s memberships against the grant ledger, with the portal client replaced by a fake', () => {
  let portal: FakePortal;
  const harnessWith = (reconcile: ReconcileOptions = {}): TestHarness<{ base_url: string }> =>
    createTestHarness(PortalIntegration, {
      providers: [{ token: PORTAL_API, useValue: portal }],
      customParameters: { base_url: 'http://portal.test:8080' },
      // uncertainAfterMs 0: a FAILED record is old enough to compensate at once.
      bootstrap: { reconcile: { uncertainAfterMs: 0, ...reconcile } },
    });
  const ids = () => portal.memberships.map((m) => m.id);

  beforeEach(() => {
    portal = new FakePortal();
  });

  test('reports nothing when every membership is one a live grant created', async () => {
    // Prepare
    const harness = harnessWith();
    await harness.grant(billingReader('g-1'));

    // Act
    const report = await harness.reconcile({ resourceTypes: ['project'] });

    // Assess
    expect(report).toMatchObject({ counts: { records: 1, accessEntries: 1, orphaned: 0, missing: 0, revoked: 0 }, warnings: [] });
  });

  test('a dry run reports a hand-added membership as orphaned with reason no-record, and removes nothing', async () => {
    // Prepare
    const harness = harnessWith({ revokeUnrecorded: true });
    portal.memberships.push({ ...handAdded });

    // Act
    const report = await harness.reconcile({ resourceTypes: ['project'], dryRun: true });

    // Assess
    expect(report.orphaned).toEqual([
      { username: 'eve@example.com', resourceType: 'project', resources: ['proj-search'], permission: 'admin', reason: 'no-record', action: 'revoke' },
    ]);
    expect(report.revoked).toEqual([]);
    expect(ids()).toEqual(['mem-by-hand']);
  });

  test('by default, a run reports a hand-added membership and leaves it', async () => {
    // Prepare
    const harness = harnessWith();
    portal.memberships.push({ ...handAdded });

    // Act
    const report = await harness.reconcile({ resourceTypes: ['project'] });

    // Assess
    expect(report.orphaned).toEqual([expect.objectContaining({ reason: 'no-record', action: 'report' })]);
    expect(report.counts.revoked).toBe(0);
    expect(ids()).toEqual(['mem-by-hand']);
  });

  test('with revokeUnrecorded, removes the hand-added membership, keeps the granted one, and records the removal as a REVOKED tombstone', async () => {
    // Prepare
    const harness = harnessWith({ revokeUnrecorded: true });
    await harness.grant(billingReader('g-1'));
    portal.memberships.push({ ...handAdded });

    // Act
    const report = await harness.reconcile({ resourceTypes: ['project'] });

    // Assess
    expect(report.revoked).toEqual([expect.objectContaining({ username: 'eve@example.com', reason: 'no-record', ok: true })]);
    expect(portal.memberships.map((m) => m.grantId)).toEqual(['g-1']);
    expect(await harness.store.get(report.revoked[0]!.grantId)).toMatchObject({ status: 'REVOKED', username: 'eve@example.com' });
    expect((await harness.store.get('g-1'))?.status).toBe('GRANTED');
  });

  test('with revokeUnrecorded, a hand-added membership for the same user, project and role as a live grant is accounted for by that grant, and stays', async () => {
    // Prepare
    const harness = harnessWith({ revokeUnrecorded: true });
    portal.memberships.push({ id: 'mem-by-hand', projectId: 'proj-billing', username: DANA, role: 'reader' });
    await harness.grant(billingReader('g-1'));

    // Act
    const report = await harness.reconcile({ resourceTypes: ['project'] });

    // Assess
    expect(report.counts).toMatchObject({ accessEntries: 2, orphaned: 0, revoked: 0 });
    expect(ids()).toEqual(['mem-by-hand', 'mem-1']);
  });

  test('with revokeUnrecorded, leaves a membership tagged with a grant the ledger does not know, and reports that revoke as failed', async () => {
    // Prepare
    const harness = harnessWith({ revokeUnrecorded: true });
    portal.memberships.push({ id: 'mem-other-ledger', projectId: 'proj-billing', username: DANA, role: 'reader', grantId: 'g-unknown' });

    // Act
    const report = await harness.reconcile({ resourceTypes: ['project'] });

    // Assess
    expect(report.orphaned).toEqual([expect.objectContaining({ grantId: 'g-unknown', reason: 'no-record', action: 'revoke' })]);
    expect(report.revoked).toEqual([expect.objectContaining({ ok: false, error: expect.stringContaining('tagged with a grant_id') })]);
    expect(ids()).toEqual(['mem-other-ledger']);
  });

  test('removes the membership a grant left behind when its record went FAILED; the record ends REVOKED', async () => {
    // Prepare
    const harness = harnessWith();
    portal.addTimesOutAfterApplyingTo = 'proj-search';
    await harness.grant({ ...billingReader('g-timeout'), resources: ['proj-billing', 'proj-search'] }).catch(() => undefined);
    portal.addTimesOutAfterApplyingTo = undefined;

    // Act
    const report = await harness.reconcile({ resourceTypes: ['project'] });

    // Assess
    expect(report.orphaned.map((o) => [o.resources, o.grantId, o.reason])).toEqual([
      [['proj-billing'], 'g-timeout', 'record-failed'],
      [['proj-search'], 'g-timeout', 'record-failed'],
    ]);
    expect(report.revoked).toEqual([expect.objectContaining({ grantId: 'g-timeout', ok: true })]);
    expect(ids()).toEqual([]);
    expect((await harness.store.get('g-timeout'))?.status).toBe('REVOKED');
  });

  test('removes, on the next run, the membership of a revoke the portal answered as done without removing it', async () => {
    // Prepare
    const harness = harnessWith();
    await harness.grant(billingReader('g-1'));
    portal.removeSucceedsWithoutRemoving = true;
    await harness.revoke(billingReader('g-1'));
    portal.removeSucceedsWithoutRemoving = false;

    // Act
    const report = await harness.reconcile({ resourceTypes: ['project'] });

    // Assess
    expect(report.orphaned).toEqual([expect.objectContaining({ grantId: 'g-1', recordStatus: 'REVOKED', reason: 'record-revoked', action: 'revoke' })]);
    expect(report.revoked).toEqual([expect.objectContaining({ grantId: 'g-1', ok: true })]);
    expect(ids()).toEqual([]);
  });

  test('a membership added by hand after a grant of the same access was revoked survives reconcile: that grant’s revoke removes only what it recorded', async () => {
    // Prepare
    const harness = harnessWith();
    await harness.grant(billingReader('g-1'));
    await harness.revoke(billingReader('g-1'));
    portal.memberships.push({ id: 'mem-by-hand', projectId: 'proj-billing', username: DANA, role: 'reader' });

    // Act
    await harness.reconcile({ resourceTypes: ['project'] });

    // Assess
    expect(ids()).toEqual(['mem-by-hand']);
    expect((await harness.store.get('g-1'))?.status).toBe('REVOKED');
  });

  test('recognises reconcile’s revokes of unrecorded access by the framework’s own grant_id prefix', () => {
    // Assess
    expect(RECONCILE_TOMBSTONE_PREFIX).toBe(RECONCILE_GRANT_ID_PREFIX);
  });
});
