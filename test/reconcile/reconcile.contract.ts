/** DESIGN.md "Reconcile", through the handler (createTestHarness), on a given store. */
import { Grant, Integration, ListAccess, ListResources, Revoke } from 'apono-lambda-kit';
import type { GrantRequest, ListAccessRequest, RevokeRequest } from 'apono-lambda-kit';
import { createTestHarness, type TestHarness } from 'apono-lambda-kit/testing';
import type { GrantStore } from '../../src/grants/grant-store';
import { seedRecord } from '../grants/grant-fixtures';

/** The application: memberships, each with the grant_id it was made for (when the framework made it). */
interface Membership { id: string; username: string; resource: string; permission: string; grantId?: string }
const app = {
  memberships: new Map<string, Membership>(),
  next: 0,
  /** When true, @Revoke answers success without removing anything (a revoke that "succeeded"). */
  revokeIsBroken: false,
  /** When true, @Grant adds the membership and then fails (the upstream applied it, the answer was lost). */
  grantFailsAfterApplying: false,
  add(username: string, resource: string, permission: string, grantId?: string): string {
    const id = `m-${++this.next}`;
    this.memberships.set(id, { id, username, resource, permission, ...(grantId === undefined ? {} : { grantId }) });
    return id;
  },
  removeMatching(username: string, resources: readonly string[], permission: string): void {
    for (const [id, m] of this.memberships) if (m.username === username && m.permission === permission && resources.includes(m.resource)) this.memberships.delete(id);
  },
  holds(username: string, resource: string): boolean {
    return [...this.memberships.values()].some((m) => m.username === username && m.resource === resource);
  },
};

class PortalLike extends Integration {
  static override readonly resourceTypes = { project: ['reader', 'admin'] };

  @ListResources() list() { return { resources: [], permissions: [] }; }

  @Grant()
  grant(req: GrantRequest) {
    const ids = req.resources.map((resource) => app.add(req.username, resource, req.permission, req.grantId));
    if (app.grantFailsAfterApplying) throw new Error('upstream timed out after applying the change');
    return { data: { membershipIds: ids } };
  }

  @Revoke()
  revoke(req: RevokeRequest<Record<string, unknown>, { membershipIds: string[] }>) {
    if (app.revokeIsBroken) return;
    const ids = req.grant?.data?.membershipIds;
    if (ids !== undefined) for (const id of ids) app.memberships.delete(id);
    else app.removeMatching(req.username, req.resources, req.permission);
  }

  @ListAccess()
  async *access(req: ListAccessRequest) {
    // Paged, as a large application's API would be.
    for (const m of app.memberships.values()) {
      if (req.resourceType !== 'project') continue;
      yield { username: m.username, resources: [m.resource], permission: m.permission, ...(m.grantId === undefined ? {} : { grantId: m.grantId }) };
    }
  }
}

class WithoutListAccess extends Integration {
  @ListResources() list() { return { resources: [], permissions: [] }; }
  @Grant() grant() {}
  @Revoke() revoke() {}
}

class MalformedListAccess extends PortalLike {
  @ListAccess()
  override async *access() {
    yield { username: 'dana@example.com', resources: ['proj-1'], permission: 'reader' };
    yield { username: 'dana@example.com', resources: [], permission: 'reader' };
  }
}

export function describeReconcileContract(makeStore: () => Promise<GrantStore>): void {
  describe('reconcile: the ledger checked against @ListAccess', () => {
    let harness: TestHarness;
    const grant = (grantId: string, username = 'dana@example.com', resources = ['proj-1']) =>
      harness.grant({ grantId, username, resourceType: 'project', resources, permission: 'reader' });
    const revoke = (grantId: string, username = 'dana@example.com', resources = ['proj-1']) =>
      harness.revoke({ grantId, username, resourceType: 'project', resources, permission: 'reader' });
    const reconcile = (dryRun = false) => harness.reconcile({ resourceTypes: ['project'], dryRun });

    beforeEach(async () => {
      app.memberships.clear();
      app.revokeIsBroken = false;
      app.grantFailsAfterApplying = false;
      harness = createTestHarness(PortalLike, { store: await makeStore(), bootstrap: { reconcile: { uncertainAfterMs: 0 } } });
    });

    it('revokes access that a grant left behind after its record went FAILED; the record ends REVOKED', async () => {
      // Prepare
      app.grantFailsAfterApplying = true;
      await grant('g-failed').catch(() => undefined);
      app.grantFailsAfterApplying = false;
      // Act
      const report = await reconcile();
      // Assess
      expect(report.orphaned).toEqual([expect.objectContaining({ grantId: 'g-failed', recordStatus: 'FAILED', reason: 'record-failed', action: 'revoke' })]);
      expect(report.revoked).toEqual([expect.objectContaining({ grantId: 'g-failed', ok: true })]);
      expect(app.holds('dana@example.com', 'proj-1')).toBe(false);
      expect((await harness.store.get('g-failed'))?.status).toBe('REVOKED');
    });

    it('a dry run reports the same orphaned access and changes nothing', async () => {
      // Prepare
      app.grantFailsAfterApplying = true;
      await grant('g-dry').catch(() => undefined);
      const before = await harness.store.get('g-dry');
      // Act
      const report = await reconcile(true);
      // Assess
      expect(report).toMatchObject({ dryRun: true, counts: { orphaned: 1, revoked: 0 }, revoked: [] });
      expect(report.orphaned[0]).toMatchObject({ grantId: 'g-dry', action: 'revoke' });
      expect(app.holds('dana@example.com', 'proj-1')).toBe(true);
      expect(await harness.store.get('g-dry')).toEqual(before);
    });

    it('revokes access that landed after its grant_id was REVOKED (a tombstone): matched by the grantId the application keeps', async () => {
      // Prepare: the revoke arrived first; the grant's change landed afterwards
      await revoke('g-late');
      app.add('dana@example.com', 'proj-1', 'reader', 'g-late');
      // Act
      const report = await reconcile();
      // Assess
      expect(report.orphaned).toEqual([expect.objectContaining({ grantId: 'g-late', recordStatus: 'REVOKED', reason: 'record-revoked' })]);
      expect(report.counts.revoked).toBe(1);
      expect(app.holds('dana@example.com', 'proj-1')).toBe(false);
      expect((await harness.store.get('g-late'))?.status).toBe('REVOKED');
    });

    it('revokes, on the next run, access whose revoke "succeeded" without removing it', async () => {
      // Prepare
      await grant('g-stuck');
      app.revokeIsBroken = true;
      await revoke('g-stuck');
      app.revokeIsBroken = false;
      // Act
      const report = await reconcile();
      // Assess
      expect(report.orphaned[0]).toMatchObject({ grantId: 'g-stuck', reason: 'record-revoked' });
      expect(app.holds('dana@example.com', 'proj-1')).toBe(false);
      const record = await harness.store.get('g-stuck');
      expect(record?.status).toBe('REVOKED');
      expect(record?.history.at(-2)?.note).toMatch(/reconcile .*access left behind \(record-revoked\)/);
    });

    it('reports hand-made access without revoking it', async () => {
      // Prepare
      app.add('eve@example.com', 'proj-9', 'admin');
      // Act
      const report = await reconcile();
      // Assess
      expect(report.orphaned).toEqual([{ username: 'eve@example.com', resourceType: 'project', resources: ['proj-9'], permission: 'admin', reason: 'no-record', action: 'report' }]);
      expect(report.revoked).toEqual([]);
      expect(app.holds('eve@example.com', 'proj-9')).toBe(true);
    });

    it('revokes hand-made access when the integration opts in (revokeUnrecorded), leaving a REVOKED tombstone', async () => {
      // Prepare
      const optedIn = createTestHarness(PortalLike, { store: await makeStore(), bootstrap: { reconcile: { revokeUnrecorded: true } } });
      app.add('eve@example.com', 'proj-9', 'admin');
      // Act
      const report = await optedIn.reconcile({ resourceTypes: ['project'] });
      // Assess
      expect(report.revoked).toEqual([expect.objectContaining({ username: 'eve@example.com', reason: 'no-record', ok: true })]);
      expect(app.holds('eve@example.com', 'proj-9')).toBe(false);
      expect((await optedIn.store.get(report.revoked[0]!.grantId))?.status).toBe('REVOKED');
    });

    it('never revokes access a live GRANTED record accounts for, matched by username, resource and permission', async () => {
      // Prepare: the application does not keep grant ids for this one
      await grant('g-live');
      for (const m of app.memberships.values()) delete m.grantId;
      // Act
      const report = await reconcile();
      // Assess
      expect(report.counts).toMatchObject({ orphaned: 0, missing: 0, revoked: 0, records: 1, accessEntries: 1 });
      expect(app.holds('dana@example.com', 'proj-1')).toBe(true);
    });

    it('never revokes access a live GRANTED record accounts for, even when the application tags it with an older, revoked grant_id', async () => {
      // Prepare: granted, revoked, granted again under a new grant_id; the application kept the first grant_id on the membership
      await grant('g-old');
      await revoke('g-old');
      await grant('g-new');
      for (const m of app.memberships.values()) m.grantId = 'g-old';
      // Act
      const report = await reconcile();
      // Assess
      expect(report.counts).toMatchObject({ orphaned: 0, revoked: 0, missing: 0 });
      expect(app.holds('dana@example.com', 'proj-1')).toBe(true);
      expect((await harness.store.get('g-new'))?.status).toBe('GRANTED');
    });

    it('reports a GRANTED record whose access was removed by hand as missing', async () => {
      // Prepare
      await grant('g-gone', 'dana@example.com', ['proj-1', 'proj-2']);
      app.removeMatching('dana@example.com', ['proj-2'], 'reader');
      // Act
      const report = await reconcile();
      // Assess
      expect(report.missing).toEqual([{ grantId: 'g-gone', username: 'dana@example.com', resourceType: 'project', resources: ['proj-2'], permission: 'reader' }]);
      expect((await harness.store.get('g-gone'))?.status).toBe('GRANTED');
    });

    it('leaves a FAILED record younger than uncertainAfterMs alone (Apono may still retry it)', async () => {
      // Prepare
      const patient = createTestHarness(PortalLike, { store: await makeStore() });
      app.grantFailsAfterApplying = true;
      await patient.grant({ grantId: 'g-young', username: 'dana@example.com', resourceType: 'project', resources: ['proj-1'] }).catch(() => undefined);
      // Act
      const report = await patient.reconcile({ resourceTypes: ['project'] });
      // Assess
      expect(report.orphaned[0]).toMatchObject({ grantId: 'g-young', reason: 'too-recent', action: 'report' });
      expect(report.uncertain).toEqual([]);
      expect(app.holds('dana@example.com', 'proj-1')).toBe(true);
    });

    it('lists FAILED records older than the threshold as uncertain', async () => {
      // Prepare: the grant failed before applying anything
      app.grantFailsAfterApplying = true;
      await grant('g-unsure').catch(() => undefined);
      app.memberships.clear();
      // Act
      const report = await reconcile(true);
      // Assess
      expect(report.uncertain).toEqual([expect.objectContaining({ grantId: 'g-unsure', status: 'FAILED', resourceType: 'project' })]);
    });

    it('revokes access of a grant abandoned by a dead instance (GRANTING, lock expired longer ago than the threshold)', async () => {
      // Prepare: an instance died after its grant reached the application
      const intent = { grantId: 'g-dead', username: 'dana@example.com', resourceType: 'project', resources: ['proj-1'], permission: 'reader' };
      await seedRecord(harness.store, intent, 'GRANTING', { atMs: Date.now() - 60_000, lockExpiresAtMs: Date.now() - 30_000 });
      app.add('dana@example.com', 'proj-1', 'reader', 'g-dead');
      // Act
      const report = await reconcile();
      // Assess
      expect(report.uncertain).toEqual([expect.objectContaining({ grantId: 'g-dead', status: 'GRANTING' })]);
      expect(report.orphaned[0]).toMatchObject({ grantId: 'g-dead', reason: 'grant-abandoned', action: 'revoke' });
      expect(app.holds('dana@example.com', 'proj-1')).toBe(false);
      expect((await harness.store.get('g-dead'))?.status).toBe('REVOKED');
    });

    it('fails with UnsupportedEventError naming the missing capability when the integration has no @ListAccess', async () => {
      // Prepare
      const without = createTestHarness(WithoutListAccess, { store: await makeStore() });
      // Act
      const result = without.reconcile({ resourceTypes: ['project'] });
      // Assess
      await expect(result).rejects.toMatchObject({ name: 'UnsupportedEventError', message: expect.stringContaining('WithoutListAccess has no @ListAccess method') });
    });

    it('refuses a resource type the integration does not declare, naming the field, before anything is revoked', async () => {
      // Prepare
      await grant('g-keep');
      app.revokeIsBroken = true;
      await revoke('g-keep');
      app.revokeIsBroken = false;
      // Act
      const result = harness.reconcile({ resourceTypes: ['project', 'projcet'] });
      // Assess
      await expect(result).rejects.toMatchObject({ name: 'InvalidEventError', message: expect.stringContaining('params.resource_types[1]') });
      expect(app.holds('dana@example.com', 'proj-1')).toBe(true);
    });

    it('refuses malformed @ListAccess entries with InvalidAnswerError naming the entry and field; nothing is revoked', async () => {
      // Prepare
      const malformed = createTestHarness(MalformedListAccess, { store: await makeStore(), bootstrap: { reconcile: { uncertainAfterMs: 0 } } });
      app.grantFailsAfterApplying = true;
      await malformed.grant({ grantId: 'g-orphan', username: 'dana@example.com', resourceType: 'project', resources: ['proj-1'] }).catch(() => undefined);
      // Act
      const result = malformed.reconcile({ resourceTypes: ['project'] });
      // Assess
      await expect(result).rejects.toMatchObject({ name: 'InvalidAnswerError', message: expect.stringContaining('entries[1].resources: must be a non-empty array') });
      expect((await malformed.store.get('g-orphan'))?.status).toBe('FAILED');
    });

    it('lists access through the list-access helper, checked', async () => {
      // Prepare
      await grant('g-listed');
      // Act
      const entries = await harness.listAccess({ resourceType: 'project' });
      // Assess
      expect(entries).toEqual([{ username: 'dana@example.com', resources: ['proj-1'], permission: 'reader', grantId: 'g-listed' }]);
    });
  });
}
