import { inject, injectable, Lifecycle } from 'tsyringe';
import { bootstrap, Grant, Integration, ListResources, MemoryGrantStore, Revoke, Tokens } from 'apono-lambda-kit';
import type { GrantRequest, LambdaContext } from 'apono-lambda-kit';
import { createTestHarness } from 'apono-lambda-kit/testing';
import { Directory, DirectoryIntegration, FakeDirectory, VALID_CUSTOM_PARAMETERS } from '../support/integrations';

/** A per-cold-start service: counts its constructions. */
class ConnectionPool {
  static created = 0;
  constructor() { ConnectionPool.created++; }
}

/** A per-invocation service, disposed with the invocation's container. */
@injectable()
class AuditTrail {
  static disposed = 0;
  constructor(@inject(Tokens.LambdaContext) readonly context: LambdaContext) {}
  dispose() { AuditTrail.disposed++; }
}

@injectable()
class ScopedIntegration extends Integration {
  static seen: Array<{ pool: ConnectionPool; audit: AuditTrail; requestId: string }> = [];
  constructor(
    @inject(ConnectionPool) private readonly pool: ConnectionPool,
    @inject(AuditTrail) private readonly audit: AuditTrail,
  ) { super(); }

  @ListResources() list() { return { resources: [], permissions: [] }; }
  @Grant() grant(_req: GrantRequest) {
    ScopedIntegration.seen.push({ pool: this.pool, audit: this.audit, requestId: this.audit.context.awsRequestId });
  }
  @Revoke() revoke() {}
}

describe('dependency injection', () => {
  it('injects the harness\'s fake in place of the service the integration declares with @inject', async () => {
    // Prepare
    const fake = new FakeDirectory();
    const harness = createTestHarness(DirectoryIntegration, { providers: [{ token: Directory, useValue: fake }], customParameters: VALID_CUSTOM_PARAMETERS });

    // Act
    await harness.grant({ username: 'dana@example.com', resources: ['proj-1'], permission: 'reader' });

    // Assess
    expect(fake.calls).toEqual(['add dana@example.com proj-1 reader']);
  });

  it('keeps root singletons across invocations and gives each invocation its own scoped services', async () => {
    // Prepare
    ScopedIntegration.seen = [];
    ConnectionPool.created = 0;
    AuditTrail.disposed = 0;
    const harness = createTestHarness(ScopedIntegration, {
      providers: [
        { token: ConnectionPool, useClass: ConnectionPool },
        { token: AuditTrail, useClass: AuditTrail, lifecycle: Lifecycle.ContainerScoped },
      ],
    });

    // Act
    await harness.grant({ grantId: 'g-1' });
    await harness.grant({ grantId: 'g-2' });

    // Assess
    expect(ScopedIntegration.seen).toHaveLength(2);
    const [first, second] = ScopedIntegration.seen;
    expect(ConnectionPool.created).toBe(1);
    expect(first!.pool).toBe(second!.pool);
    expect(first!.audit).not.toBe(second!.audit);
    expect(first!.requestId).not.toBe(second!.requestId);
    expect(AuditTrail.disposed).toBe(2);
  });

  it('lets configure() override a provider', async () => {
    // Prepare
    const fromProviders = new FakeDirectory();
    const fromConfigure = new FakeDirectory();
    const harness = createTestHarness(DirectoryIntegration, {
      providers: [{ token: Directory, useValue: fromProviders }],
      customParameters: VALID_CUSTOM_PARAMETERS,
      bootstrap: { configure: (c) => c.register(Directory, { useValue: fromConfigure }) },
    });

    // Act
    await harness.grant();

    // Assess
    expect(fromProviders.calls).toEqual([]);
    expect(fromConfigure.calls).toHaveLength(1);
  });
});

describe('dependency injection lifecycles', () => {
  /** A per-cold-start resource with a dispose(): a connection pool, say. */
  class Pool {
    static built = 0;
    disposed = false;
    constructor() { Pool.built++; }
    dispose() { this.disposed = true; }
  }

  @injectable()
  class PoolIntegration extends Integration {
    static pools: Pool[] = [];
    constructor(@inject(Pool) private readonly pool: Pool) { super(); }
    @ListResources() list() { return { resources: [], permissions: [] }; }
    @Grant() grant() {
      if (this.pool.disposed) throw new Error('pool was disposed');
      PoolIntegration.pools.push(this.pool);
    }
    @Revoke() revoke() {}
  }

  beforeEach(() => {
    Pool.built = 0;
    PoolIntegration.pools = [];
  });

  it('builds a useFactory provider once per cold start', async () => {
    // Prepare
    const harness = createTestHarness(PoolIntegration, { providers: [{ token: Pool, useFactory: () => new Pool() }] });

    // Act
    for (const grantId of ['g-1', 'g-2', 'g-3']) await harness.grant({ grantId });

    // Assess
    expect(Pool.built).toBe(1);
    expect(new Set(PoolIntegration.pools).size).toBe(1);
  });

  it('never disposes a singleton with an invocation\'s container', async () => {
    // Prepare
    const harness = createTestHarness(PoolIntegration, { providers: [{ token: Pool, useClass: Pool }] });

    // Act
    await harness.grant({ grantId: 'g-1' });
    const second = harness.grant({ grantId: 'g-2' });

    // Assess
    await expect(second).resolves.toEqual({ status: 'ok' });
    expect(PoolIntegration.pools[0]!.disposed).toBe(false);
    expect(Pool.built).toBe(1);
  });

  it('refuses a singleton that injects a request-scoped token instead of keeping the first invocation\'s', async () => {
    // Prepare
    @injectable()
    class RequestAwareClient {
      constructor(@inject(Tokens.LambdaContext) readonly context: LambdaContext) {}
    }
    @injectable()
    class CaptiveIntegration extends Integration {
      constructor(@inject(RequestAwareClient) private readonly client: RequestAwareClient) { super(); }
      @ListResources() list() { return { resources: [], permissions: [] }; }
      @Grant() grant() { return { data: { requestId: this.client.context.awsRequestId } }; }
      @Revoke() revoke() {}
    }
    const harness = createTestHarness(CaptiveIntegration, { providers: [{ token: RequestAwareClient, useClass: RequestAwareClient }] });

    // Act
    const outcome = harness.grant();

    // Assess
    await expect(outcome).rejects.toThrow(/apono-lambda-kit:LambdaContext/);
  });

  it('gives a ContainerScoped factory one instance per invocation', async () => {
    // Prepare
    const harness = createTestHarness(PoolIntegration, { providers: [{ token: Pool, useFactory: () => new Pool(), lifecycle: Lifecycle.ContainerScoped }] });

    // Act
    await harness.grant({ grantId: 'g-1' });
    await harness.grant({ grantId: 'g-2' });

    // Assess
    expect(Pool.built).toBe(2);
  });

  it('disposes a ContainerScoped factory\'s instance at the end of each invocation', async () => {
    // Prepare
    const made: Pool[] = [];
    const harness = createTestHarness(PoolIntegration, {
      providers: [{ token: Pool, useFactory: () => { const pool = new Pool(); made.push(pool); return pool; }, lifecycle: Lifecycle.ContainerScoped }],
    });

    // Act
    await harness.grant({ grantId: 'g-1' });
    await harness.grant({ grantId: 'g-2' });

    // Assess
    expect(made.map((pool) => pool.disposed)).toEqual([true, true]);
  });

  it('answers the event when a per-invocation service fails to dispose, and logs the failure', async () => {
    // Prepare
    class FlakyAudit {
      dispose() { throw new Error('audit flush failed'); }
    }
    @injectable()
    class AuditedIntegration extends Integration {
      constructor(@inject(FlakyAudit) readonly audit: FlakyAudit) { super(); }
      @ListResources() list() { return { resources: [], permissions: [] }; }
      @Grant() grant() {}
      @Revoke() revoke() {}
    }
    const harness = createTestHarness(AuditedIntegration, { providers: [{ token: FlakyAudit, useClass: FlakyAudit, lifecycle: Lifecycle.ContainerScoped }] });

    // Act
    const answer = await harness.grant({ grantId: 'g-1' });

    // Assess
    expect(answer).toEqual({ status: 'ok' });
    expect((await harness.store.get('g-1'))?.status).toBe('GRANTED');
    expect(harness.logs).toContainEqual(expect.objectContaining({ level: 'WARN', message: 'disposing a per-invocation service failed', error_message: 'audit flush failed' }));
  });
});

describe('disposing the handler', () => {
  it('reports a singleton that fails to dispose through a custom logger redacted, like every line', async () => {
    // Prepare
    class LeakyPool {
      dispose() { throw new Error('could not close postgres://admin:hunter2@db.internal/app'); }
    }
    @injectable()
    class LeakyIntegration extends Integration {
      constructor(@inject(LeakyPool) readonly pool: LeakyPool) { super(); }
      @ListResources() list() { return { resources: [], permissions: [] }; }
      @Grant() grant() {}
      @Revoke() revoke() {}
    }
    const lines: unknown[] = [];
    const logger = { debug: () => {}, info: () => {}, warn: (message: string, fields?: object) => lines.push({ message, ...fields }), error: () => {} };
    const handler = bootstrap(LeakyIntegration, { store: new MemoryGrantStore(), logger, providers: [{ token: LeakyPool, useClass: LeakyPool }] });
    await handler({ event_type: 'list-resources', params: { resource_type: 'resource', custom_parameters: {} } });

    // Act
    await handler.dispose();

    // Assess
    expect(lines).toEqual([expect.objectContaining({ message: 'disposing a singleton failed' })]);
    expect(JSON.stringify(lines)).not.toContain('hunter2');
  });
});
