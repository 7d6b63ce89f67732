import { Grant, Integration, ListAccess, ListResources, Revoke } from 'apono-lambda-kit';
import { createTestHarness } from 'apono-lambda-kit/testing';
import { exampleEvents } from '../../example-app/scripts/local-stack';
import { reconcileEvent } from '../../src/cdk/deploy-facts';

class OneHandMadeMembership extends Integration {
  static seen: unknown[] = [];
  @ListResources() list() { return { resources: [], permissions: [] }; }
  @Grant() grant() {}
  @Revoke() revoke() {}
  @ListAccess()
  access(req: { resourceType: string; customParameters: unknown }) {
    OneHandMadeMembership.seen.push(req);
    return [{ username: 'eve@example.com', resources: ['proj-search'], permission: 'admin' }];
  }
}

describe('reconcileEvent: what the CDK schedule sends is what the framework answers', () => {
  test('the function reads the event: resource types, custom parameters and dry_run reach reconcile', async () => {
    // Prepare
    OneHandMadeMembership.seen = [];
    const harness = createTestHarness(OneHandMadeMembership);
    const event = reconcileEvent({ resourceTypes: ['project'], customParameters: { base_url: 'https://portal.example.com' }, dryRun: true });

    // Act
    const report = await harness.invoke(event);

    // Assess
    expect(report).toMatchObject({ resourceTypes: ['project'], dryRun: true, counts: { orphaned: 1 } });
    expect(OneHandMadeMembership.seen).toEqual([{ resourceType: 'project', customParameters: { base_url: 'https://portal.example.com' } }]);
  });

  test.each([
    [true, 'reconcile-dry-run'],
    [false, 'reconcile'],
  ])('with dryRun %p it is the %s event the SAM template’s rule sends (example-app’s local stack)', (dryRun, name) => {
    // Prepare
    const origin = 'https://portal.internal.example.com';

    // Act
    const event = reconcileEvent({ resourceTypes: ['project'], customParameters: { base_url: origin }, dryRun });

    // Assess
    expect(event).toEqual(exampleEvents(origin, 'unused')[name]);
  });

  test('dry_run defaults to false and custom_parameters to {}', () => {
    // Assess
    expect(reconcileEvent({ resourceTypes: ['a', 'b'] })).toEqual({ event_type: 'apono-lambda-kit:reconcile', params: { resource_types: ['a', 'b'], dry_run: false, custom_parameters: {} } });
  });
});
