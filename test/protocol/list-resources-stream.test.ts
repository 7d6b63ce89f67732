import { Grant, Integration, ListResources, Revoke } from 'apono-lambda-kit';
import { createTestHarness } from 'apono-lambda-kit/testing';

/** A paginated upstream API: 60,000 repositories, 50 a page. */
const upstream = { pagesFetched: 0, total: 60_000, pageSize: 50, nameLength: 200 };

async function* repositories() {
  for (let start = 0; start < upstream.total; start += upstream.pageSize) {
    upstream.pagesFetched++;
    await Promise.resolve(); // an HTTP request
    for (let i = start; i < Math.min(start + upstream.pageSize, upstream.total); i++) {
      yield { id: `repo-${i}`, name: `repository ${i} `.padEnd(upstream.nameLength, 'x') };
    }
  }
}

class PagedIntegration extends Integration {
  @ListResources() list() { return { resources: repositories(), permissions: [{ id: 'read', name: 'Read' }] }; }
  @Grant() grant() {}
  @Revoke() revoke() {}
}

describe('@ListResources returning an async iterable', () => {
  it('stops reading the upstream as soon as the answer passes 6 MB, with ResponseTooLargeError naming the limit', async () => {
    // Prepare
    upstream.pagesFetched = 0;
    const harness = createTestHarness(PagedIntegration);
    // Act
    const result = harness.listResources({ resourceType: 'repository' });
    // Assess
    await expect(result).rejects.toMatchObject({ name: 'ResponseTooLargeError', message: expect.stringContaining('passed 6291456 bytes') });
    expect(upstream.pagesFetched).toBeLessThan(upstream.total / upstream.pageSize);
  });

  it('answers every resource of an iterable that fits, in order, typed with the request’s resource type', async () => {
    // Prepare
    Object.assign(upstream, { total: 120, pagesFetched: 0 });
    const harness = createTestHarness(PagedIntegration);
    // Act
    const answer = await harness.listResources({ resourceType: 'repository' });
    // Assess
    expect(answer.resources).toHaveLength(120);
    expect(answer.resources[119]).toMatchObject({ id: 'repo-119', type: 'repository' });
    expect(upstream.pagesFetched).toBe(3);
    Object.assign(upstream, { total: 60_000 });
  });
});
