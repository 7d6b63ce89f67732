import { bootstrap, Grant, Integration, ListResources, MemoryGrantStore, Revoke } from 'apono-lambda-kit';

class PlainIntegration extends Integration {
  @ListResources() list() { return { resources: [], permissions: [] }; }
  @Grant() grant() {}
  @Revoke() revoke() {}
}

const store = new MemoryGrantStore();

describe('bootstrap options are validated at init', () => {
  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['negative', -1],
    ['over Lambda’s longest timeout', 1e9],
    ['a string', '500' as unknown as number],
  ])('refuses deadlineMarginMs %s with IntegrationDefinitionError naming the option and the rule', (_label, deadlineMarginMs) => {
    // Act
    const init = () => bootstrap(PlainIntegration, { store, deadlineMarginMs });
    // Assess
    expect(init).toThrow(expect.objectContaining({
      name: 'IntegrationDefinitionError',
      message: expect.stringMatching(/PlainIntegration.*deadlineMarginMs must be a finite number of milliseconds, at least 0 and under 900000/),
    }));
  });

  it.each([0, 500, 899_999])('accepts deadlineMarginMs %d', (deadlineMarginMs) => {
    // Act / Assess
    expect(() => bootstrap(PlainIntegration, { store, deadlineMarginMs })).not.toThrow();
  });

  it.each([0, -3, Number.NaN])('refuses revokedTtlDays %d with IntegrationDefinitionError', (revokedTtlDays) => {
    // Act
    const init = () => bootstrap(PlainIntegration, { store, revokedTtlDays });
    // Assess
    expect(init).toThrow(expect.objectContaining({ name: 'IntegrationDefinitionError', message: expect.stringMatching(/revokedTtlDays must be a positive number/) }));
  });
});
