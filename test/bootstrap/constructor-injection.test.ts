import { bootstrap, Grant, inject, injectable, Integration, ListResources, MemoryGrantStore, Revoke } from 'apono-lambda-kit';

class PortalClient {}

@injectable()
class MissingInject extends Integration {
  // ts-jest emits design:paramtypes for this class, so tsyringe alone would inject it here — but not under tsx or a bundle.
  constructor(private readonly portal: PortalClient, @inject(PortalClient) private readonly other: PortalClient) { super(); }
  @ListResources() list() { return { resources: [], permissions: [] }; }
  @Grant() grant() { return { data: { a: String(this.portal) + String(this.other) } }; }
  @Revoke() revoke() {}
}

@injectable()
class AllInjected extends Integration {
  constructor(@inject(PortalClient) private readonly portal: PortalClient) { super(); }
  @ListResources() list() { return { resources: [], permissions: [String(this.portal)].map((id) => ({ id, name: id })) }; }
  @Grant() grant() {}
  @Revoke() revoke() {}
}

describe('constructor injection is checked at init', () => {
  it('refuses a constructor parameter without @inject, naming the class and the parameter, whatever compiled it', () => {
    // Act
    const init = () => bootstrap(MissingInject, { store: new MemoryGrantStore(), providers: [{ token: PortalClient, useValue: new PortalClient() }] });
    // Assess
    expect(init).toThrow(expect.objectContaining({
      name: 'IntegrationDefinitionError',
      message: expect.stringContaining("MissingInject's constructor parameter #0 (portal) has no @inject(Token)"),
    }));
  });

  it('accepts a constructor whose every parameter has @inject', () => {
    // Act / Assess
    expect(() => bootstrap(AllInjected, { store: new MemoryGrantStore(), providers: [{ token: PortalClient, useValue: new PortalClient() }] })).not.toThrow();
  });
});
