import { Grant, inject, injectable, Integration, ListResources, Revoke } from 'apono-lambda-kit';
import type { BootstrapOptions } from 'apono-lambda-kit';
import { createTestHarness } from 'apono-lambda-kit/testing';
import { capabilityDecorator } from '../../src/capabilities/decorators';

class Pool {
  static closed = 0;
  query() { return ['row']; }
  async dispose() { Pool.closed++; }
}

@injectable()
class PooledIntegration extends Integration {
  constructor(@inject(Pool) private readonly pool: Pool) { super(); }
  @ListResources() list() { return { resources: this.pool.query().map((id) => ({ id, name: id })), permissions: [] }; }
  @Grant() grant() {}
  @Revoke() revoke() {}
}

/** What a handler module exports beside its handler: the options it bootstraps with. */
const handlerOptions: BootstrapOptions = { providers: [{ token: Pool, useFactory: () => new Pool() }] };

describe('createTestHarness', () => {
  it('reuses the handler module’s own bootstrap options, providers included', async () => {
    // Prepare
    const harness = createTestHarness(PooledIntegration, { bootstrap: handlerOptions });
    // Act
    const answer = await harness.listResources();
    // Assess
    expect(answer.resources).toEqual([{ id: 'row', name: 'row', type: 'resource' }]);
  });

  it('close() disposes the singletons the handler built (a pool), once', async () => {
    // Prepare
    Pool.closed = 0;
    const harness = createTestHarness(PooledIntegration, { bootstrap: handlerOptions });
    await harness.listResources();
    // Act
    await harness.close();
    // Assess
    expect(Pool.closed).toBe(1);
  });
});

describe('createTestHarness with a useClass singleton', () => {
  it('close() disposes a useClass singleton once, not twice', async () => {
    // Prepare
    Pool.closed = 0;
    const harness = createTestHarness(PooledIntegration, { bootstrap: { providers: [{ token: Pool, useClass: Pool }] } });
    await harness.listResources();
    // Act
    await harness.close();
    // Assess
    expect(Pool.closed).toBe(1);
  });
});

describe('decorators without experimentalDecorators', () => {
  it('say which tsconfig setting is missing when TypeScript calls them as standard decorators', () => {
    // Prepare: what TypeScript 5 passes a standard method decorator
    const standardCall = () => (capabilityDecorator('Grant') as unknown as (value: unknown, context: object) => void)(() => undefined, { kind: 'method', name: 'grant' });
    // Act / Assess
    expect(standardCall).toThrow(/"experimentalDecorators": true/);
  });
});
