/**
 * Capabilities per resource type: `@Grant('table')` answers grants on tables, an
 * undecorated-by-type method is the fallback, and dispatch picks the method of the
 * request's resource type, else the fallback, else UnsupportedEventError naming it.
 * Mistakes in the class are refused at init; a class that declares its resource
 * types and permissions has anything else refused before a method runs.
 */
import { bootstrap, Grant, Integration, ListAccess, ListResources, Revoke, type GrantRequest, type RevokeRequest } from 'apono-lambda-kit';
import { createTestHarness } from 'apono-lambda-kit/testing';

const none = () => ({ resources: [], permissions: [] });

/** What the integrations' methods were called with, in order. */
const calls: string[] = [];
beforeEach(() => {
  calls.length = 0;
});

/** A database integration: schemas and tables have their own methods; everything else goes to the fallback. */
class DatabaseIntegration extends Integration {
  @ListResources('schema') listSchemas() {
    calls.push('listSchemas');
    return { resources: [{ id: 'public', name: 'public' }], permissions: [{ id: 'usage', name: 'Usage' }] };
  }
  @ListResources() listOthers() {
    calls.push('listOthers');
    return none();
  }
  @Grant('table') grantTable(req: GrantRequest) {
    calls.push(`grantTable:${req.resourceType}`);
    return { data: { role: `r-${req.grantId}` } };
  }
  @Grant() grantOther(req: GrantRequest) {
    calls.push(`grantOther:${req.resourceType}`);
  }
  @Revoke('table') revokeTable(req: RevokeRequest<Record<string, unknown>, { role: string }>) {
    calls.push(`revokeTable:${req.grant?.data?.role ?? 'no record'}`);
  }
  @Revoke() revokeOther(req: RevokeRequest) {
    calls.push(`revokeOther:${req.resourceType}`);
  }
}

/** Declares its resource types and permissions; has no fallback. */
class GitHubIntegration extends Integration {
  static override readonly resourceTypes = { repository: ['read', 'write', 'admin'], team: ['member'] };
  @ListResources('repository') repositories() {
    return { resources: [{ id: 'api', name: 'api' }] };
  }
  @ListResources('team') teams() {
    return { resources: [{ id: 'core', name: 'Core' }], permissions: [{ id: 'member', name: 'Member' }] };
  }
  @Grant('repository', 'team') grant(req: GrantRequest<Record<string, unknown>, 'repository' | 'team'>) {
    calls.push(`grant:${req.resourceType}:${req.permission}`);
  }
  @Revoke('repository', 'team') revoke(req: RevokeRequest) {
    calls.push(`revoke:${req.resourceType}:${req.permission}`);
  }
}

describe('dispatch by resource type', () => {
  test('a grant goes to the method of its resource type, its revoke to the matching @Revoke with the grant’s data', async () => {
    // Prepare
    const harness = createTestHarness(DatabaseIntegration);

    // Act
    await harness.grant({ grantId: 'g-1', resourceType: 'table' });
    await harness.revoke({ grantId: 'g-1', resourceType: 'table' });

    // Assess
    expect(calls).toEqual(['grantTable:table', 'revokeTable:r-g-1']);
  });

  test('a resource type no method names goes to the fallback', async () => {
    // Prepare
    const harness = createTestHarness(DatabaseIntegration);

    // Act
    await harness.listResources({ resourceType: 'view' });
    await harness.grant({ grantId: 'g-2', resourceType: 'view' });
    await harness.revoke({ grantId: 'g-2', resourceType: 'view' });
    const schemas = await harness.listResources({ resourceType: 'schema' });

    // Assess
    expect(calls).toEqual(['listOthers', 'grantOther:view', 'revokeOther:view', 'listSchemas']);
    expect(schemas.resources).toEqual([{ id: 'public', name: 'public', type: 'schema' }]);
  });

  test('without a fallback, a resource type no method names is an UnsupportedEventError naming it', async () => {
    // Prepare
    class TablesOnly extends Integration {
      @ListResources('table') list() { return none(); }
      @Grant('table') grant() {}
      @Revoke('table') revoke() {}
    }
    const harness = createTestHarness(TablesOnly);

    // Act
    const attempt = harness.grant({ resourceType: 'schema' });

    // Assess
    await expect(attempt).rejects.toMatchObject({
      name: 'UnsupportedEventError',
      message: 'TablesOnly has no @Grant method for resource type "schema" (it handles table) and no fallback @Grant()',
    });
    expect(await harness.store.get('grant-1')).toBeUndefined();
  });

  test('a grant that must be undone is undone through the @Revoke of its resource type', async () => {
    // Prepare
    const revoked: string[] = [];
    class UndoneByType extends Integration {
      @ListResources() list() { return none(); }
      // Not JSON: the grant fails and the framework undoes it through @Revoke.
      @Grant('table') grant() { return { data: { at: 1n } as unknown as Record<string, unknown> }; }
      @Revoke('table') revokeTable() { revoked.push('revokeTable'); }
      @Revoke() revokeOther() { revoked.push('revokeOther'); }
      @Grant() grantOther() {}
    }
    const harness = createTestHarness(UndoneByType);

    // Act
    const attempt = harness.grant({ resourceType: 'table' });

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'InvalidAnswerError' });
    expect(revoked).toEqual(['revokeTable']);
  });
});

describe('declared resource types and permissions', () => {
  test('a resource type the class does not declare is an InvalidEventError before any method runs', async () => {
    // Prepare
    const harness = createTestHarness(GitHubIntegration);

    // Act
    const attempt = harness.grant({ resourceType: 'gist', permission: 'read' });

    // Assess
    await expect(attempt).rejects.toMatchObject({
      name: 'InvalidEventError',
      message: 'params.resource_type: "gist" is not a resource type of GitHubIntegration (it declares repository, team)',
    });
    expect(calls).toEqual([]);
  });

  test('a permission outside its resource type’s list is an InvalidEventError before any method runs', async () => {
    // Prepare
    const harness = createTestHarness(GitHubIntegration);

    // Act
    const attempt = harness.grant({ resourceType: 'team', permission: 'admin' });

    // Assess
    await expect(attempt).rejects.toMatchObject({
      name: 'InvalidEventError',
      message: 'params.permission: "admin" is not a permission of resource type "team" (GitHubIntegration declares member)',
    });
    expect(calls).toEqual([]);
  });

  test('a revoke is never refused by the declaration: access once granted stays revocable', async () => {
    // Prepare
    const harness = createTestHarness(GitHubIntegration);

    // Act
    await harness.revoke({ grantId: 'g-old', resourceType: 'team', permission: 'maintainer' });

    // Assess
    expect(calls).toEqual(['revoke:team:maintainer']);
  });

  test('list-resources fills the declared permissions when the method returns none', async () => {
    // Prepare
    const harness = createTestHarness(GitHubIntegration);

    // Act
    const answer = await harness.listResources({ resourceType: 'repository' });

    // Assess
    expect(answer.permissions).toEqual([{ id: 'read', name: 'read' }, { id: 'write', name: 'write' }, { id: 'admin', name: 'admin' }]);
  });

  test('list-resources refuses a permission the declaration does not list', async () => {
    // Prepare
    class Drifted extends Integration {
      static override readonly resourceTypes = { team: ['member'] };
      @ListResources() list() { return { resources: [], permissions: [{ id: 'owner', name: 'Owner' }] }; }
      @Grant() grant() {}
      @Revoke() revoke() {}
    }
    const harness = createTestHarness(Drifted);

    // Act
    const attempt = harness.listResources({ resourceType: 'team' });

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'InvalidAnswerError', message: expect.stringContaining('permissions[0].id "owner" is not a permission static resourceTypes declares for "team" (member)') });
  });

  test('the harness defaults to the first declared resource type and its first permission', async () => {
    // Prepare
    const harness = createTestHarness(GitHubIntegration);

    // Act
    await harness.grant();

    // Assess
    expect(calls).toEqual(['grant:repository:read']);
  });
});

describe('refused at init', () => {
  const refusal = (cls: Parameters<typeof bootstrap>[0]) => {
    try {
      bootstrap(cls, { allowEphemeralStore: true });
      return undefined;
    } catch (err) {
      return err as Error;
    }
  };

  test('two methods for the same capability and resource type', () => {
    // Prepare
    class Twice extends Integration {
      @ListResources() list() { return none(); }
      @Grant('table') grantA() {}
      @Grant('table', 'view') grantB() {}
      @Revoke() revoke() {}
    }

    // Act
    const err = refusal(Twice);

    // Assess
    expect(err).toMatchObject({ name: 'IntegrationDefinitionError', message: expect.stringContaining('@Grant(\'table\') is on both grantA and grantB') });
  });

  test('a fallback @Grant without a fallback @Revoke to undo what it grants', () => {
    // Prepare
    class Unrevocable extends Integration {
      @ListResources() list() { return none(); }
      @Grant('table') grantTable() {}
      @Grant() grant() {}
      @Revoke('view') revokeView() {}
    }

    // Act
    const err = refusal(Unrevocable);

    // Assess
    expect(err?.message).toContain('its fallback @Grant() has no fallback @Revoke()');
  });

  test('a typed @Revoke of a resource type that nothing grants', () => {
    // Prepare
    class RevokeOnly extends Integration {
      @ListResources() list() { return none(); }
      @Grant('table') grantTable() {}
      @Revoke('table') revokeTable() {}
      @Revoke('view') revokeView() {}
    }

    // Act
    const err = refusal(RevokeOnly);

    // Assess
    expect(err?.message).toContain('resource type "view" has a @Revoke but no @Grant (and no fallback @Grant())');
  });

  test('a typed @Grant without any @Revoke for its resource type', () => {
    // Prepare
    class TableGrantOnly extends Integration {
      @ListResources() list() { return none(); }
      @Grant('table') grantTable() {}
      @Revoke('view') revokeView() {}
      @Grant('view') grantView() {}
    }

    // Act
    const err = refusal(TableGrantOnly);

    // Assess
    expect(err?.message).toContain('resource type "table" has a @Grant but no @Revoke (and no fallback @Revoke()): its grants could never be revoked');
  });

  test('a decorator naming a resource type the class does not declare', () => {
    // Prepare
    class Typo extends Integration {
      static override readonly resourceTypes = { repository: ['read'] };
      @ListResources() list() { return none(); }
      @Grant('repositry') grantTypo() {}
      @Grant() grant() {}
      @Revoke() revoke() {}
    }

    // Act
    const err = refusal(Typo);

    // Assess
    expect(err?.message).toContain(`@Grant('repositry') on grantTypo names a resource type that static resourceTypes does not declare (repository)`);
  });

  test('a declared resource type that no method handles', () => {
    // Prepare
    class Forgotten extends Integration {
      static override readonly resourceTypes = { repository: ['read'], team: ['member'] };
      @ListResources() list() { return none(); }
      @Grant('repository') grant() {}
      @Revoke('repository') revoke() {}
    }

    // Act
    const err = refusal(Forgotten);

    // Assess
    expect(err?.message).toContain('resource type "team" is declared but has no @Grant method');
    expect(err?.message).toContain('resource type "team" is declared but has no @Revoke method');
  });

  test('reconcile of a resource type without a @ListAccess is refused before anything is read', async () => {
    // Prepare
    const listed: string[] = [];
    class TeamAccessOnly extends Integration {
      @ListResources() list() { return none(); }
      @Grant() grant() {}
      @Revoke() revoke() {}
      @ListAccess('team') teamAccess() { listed.push('team'); return []; }
    }
    const harness = createTestHarness(TeamAccessOnly);

    // Act
    const attempt = harness.reconcile({ resourceTypes: ['team', 'repository'] });

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'UnsupportedEventError', message: expect.stringContaining('no @ListAccess method for resource type "repository"') });
    expect(listed).toEqual([]);
  });
});
