import { bootstrap, Grant, Integration, ListResources, MemoryGrantStore, Revoke } from 'apono-lambda-kit';
import { JsonLogger } from '../../src/logging/logger';

class Plain extends Integration {
  @ListResources() list() { return { resources: [], permissions: [] }; }
  @Grant() grant() {}
  @Revoke() revoke() {}
}

describe('ignored params fields', () => {
  it('are remembered and logged in bounded amounts, however many distinct names untrusted events send', async () => {
    // Prepare: 200 events of 5,000 distinct field names each
    let logged = 0;
    const handler = bootstrap(Plain, { store: new MemoryGrantStore(), logger: new JsonLogger({ write: (line) => (logged += line.length) }) });
    const heapBefore = process.memoryUsage().heapUsed;
    // Act
    for (let event = 0; event < 200; event++) {
      const params: Record<string, unknown> = { resource_type: 'project', custom_parameters: {} };
      for (let f = 0; f < 5_000; f++) params[`field_${event}_${f}`] = 1;
      await handler({ event_type: 'list-resources', params });
    }
    // Assess: without a bound the set held a million names (about 187 MB)
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(100 * 1024 * 1024);
    expect(logged).toBeLessThan(200_000);
  });
});
