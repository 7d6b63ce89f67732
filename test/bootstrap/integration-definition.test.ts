import { bootstrap, Grant, Integration, ListResources, Revoke, CreateCredentials, ResetCredentials } from 'apono-lambda-kit';

const list = () => ({ resources: [], permissions: [] });

describe('integration definition', () => {
  it('refuses a class without @Grant at init, naming the class', () => {
    // Prepare
    class NoGrantIntegration extends Integration {
      @ListResources() list() { return list(); }
      @Revoke() revoke() {}
    }

    // Act
    const act = () => bootstrap(NoGrantIntegration);

    // Assess
    expect(act).toThrow(expect.objectContaining({ name: 'IntegrationDefinitionError', message: expect.stringContaining('NoGrantIntegration is not a valid integration: it has no @Grant method') }));
  });

  it('refuses a class with two @Grant methods, naming both', () => {
    // Prepare
    class TwoGrantsIntegration extends Integration {
      @ListResources() list() { return list(); }
      @Grant() grantOne() {}
      @Grant() grantTwo() {}
      @Revoke() revoke() {}
    }

    // Act
    const act = () => bootstrap(TwoGrantsIntegration);

    // Assess
    expect(act).toThrow(/TwoGrantsIntegration is not a valid integration: @Grant is on 2 methods \(grantOne, grantTwo\)/);
  });

  it('lists every missing required capability in one error', () => {
    // Prepare
    class EmptyIntegration extends Integration {}

    // Act
    const act = () => bootstrap(EmptyIntegration);

    // Assess
    expect(act).toThrow(/no @ListResources method; it has no @Grant method; it has no @Revoke method/);
  });

  it('accepts one method for two credential capabilities', async () => {
    // Prepare
    class OneIssuerIntegration extends Integration {
      @ListResources() list() { return list(); }
      @Grant() grant() {}
      @Revoke() revoke() {}
      @CreateCredentials() @ResetCredentials() issue() { return { secret: 's' }; }
    }

    // Act
    const handler = bootstrap(OneIssuerIntegration, { logger: silentLogger() });
    const answer = await handler({ event_type: 'reset-credentials', params: { username: 'u', resource_type: 't', resources: ['r'] } });

    // Assess
    expect(answer).toEqual({ status: 'ok', secret: 's' });
  });

  it('inherits decorated methods from a base integration class, and lets a subclass override them', async () => {
    // Prepare
    const calls: string[] = [];
    class BaseIntegration extends Integration {
      @ListResources() list() { return list(); }
      @Grant() grant() { calls.push('base grant'); }
      @Revoke() revoke() {}
    }
    class ChildIntegration extends BaseIntegration {
      @Grant() override grant() { calls.push('child grant'); }
    }

    // Act
    const handler = bootstrap(ChildIntegration, { logger: silentLogger() });
    await handler({ event_type: 'grant-access', params: { grant_id: 'g', username: 'u', resource_type: 't', resources: ['r'], permission: 'p' } });

    // Assess
    expect(calls).toEqual(['child grant']);
  });

  it('keeps working when another decorator wraps the method', async () => {
    // Prepare
    const calls: string[] = [];
    const traced = (_t: object, _k: string, d: PropertyDescriptor) => {
      const original = d.value as (...a: unknown[]) => unknown;
      d.value = function (this: unknown, ...args: unknown[]) { calls.push('traced'); return original.apply(this, args); };
    };
    class TracedIntegration extends Integration {
      @ListResources() list() { return list(); }
      @traced @Grant() grant() { calls.push('grant'); }
      @Revoke() revoke() {}
    }

    // Act
    const handler = bootstrap(TracedIntegration, { logger: silentLogger() });
    await handler({ event_type: 'grant-access', params: { grant_id: 'g', username: 'u', resource_type: 't', resources: ['r'], permission: 'p' } });

    // Assess
    expect(calls).toEqual(['traced', 'grant']);
  });
});

function silentLogger() {
  const noop = () => undefined;
  return { debug: noop, info: noop, warn: noop, error: noop };
}
