import fc from 'fast-check';
import { IntegrationErrorNames } from '../../src/errors';
import { createTestHarness } from 'apono-lambda-kit/testing';
import { Directory, DirectoryIntegration, FakeDirectory, VALID_CUSTOM_PARAMETERS } from '../support/integrations';

const eventTypes = fc.constantFrom('get-status', 'list-resources', 'list-resources-tags', 'grant-access', 'revoke-access',
  'create-credentials', 'reset-credentials', 'delete-credentials', 'other');
const anyValue = fc.oneof(fc.jsonValue(), fc.constant('__proto__'), fc.constant(undefined));
const key = fc.oneof(fc.constantFrom('grant_id', 'username', 'resource_type', 'resources', 'permission', 'custom_parameters', '__proto__', 'constructor'), fc.string());
const params = fc.dictionary(key, anyValue, { maxKeys: 8 });
const event = fc.oneof(
  fc.record({ event_type: eventTypes, params }, { requiredKeys: [] }),
  fc.record({ event_type: eventTypes, params: fc.record({ grant_id: fc.string(), username: fc.string(), resource_type: fc.string(), resources: fc.array(fc.string()), permission: fc.string(), custom_parameters: fc.constant(VALID_CUSTOM_PARAMETERS) }) }),
  fc.jsonValue(),
);

describe('event fuzzing', () => {
  it('answers or fails with a framework error for any JSON event, never crashing or polluting prototypes', async () => {
    // Prepare
    const harness = createTestHarness(DirectoryIntegration, { providers: [{ token: Directory, useValue: new FakeDirectory() }] });

    // Act + Assess
    await fc.assert(
      fc.asyncProperty(event, async (raw) => {
        // Through JSON, as Lambda delivers it: `__proto__` keys become own properties.
        const delivered = JSON.parse(JSON.stringify(raw) ?? 'null');
        try {
          await harness.invoke(delivered);
        } catch (err) {
          expect(IntegrationErrorNames).toContain((err as Error).name);
        }
        expect(Object.prototype).toEqual({});
      }),
      { numRuns: 300 },
    );
  });
});
