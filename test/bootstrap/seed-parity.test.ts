import { createTestHarness } from 'apono-lambda-kit/testing';
import { seedHandler } from '../fixtures/seed-handler';
import { SeedIntegration } from '../fixtures/seed-integration';
import { loadFixtureEvents } from '../support/fixture-events';

const events = loadFixtureEvents();
const SEED_DEFECTS = ['create-credentials'];

describe('seed parity: the seed sample as a framework class', () => {
  const sameAnswer = Object.keys(events).filter((name) => !SEED_DEFECTS.includes(name));

  it.each(sameAnswer)('answers the %s fixture exactly as the seed handler does', async (name) => {
    // Prepare
    const harness = createTestHarness(SeedIntegration);
    const event = events[name];

    // Act
    const [ours, seeds] = await Promise.all([harness.invoke(structuredClone(event)), seedHandler(structuredClone(event))]);

    // Assess
    expect(ours).toEqual(seeds);
  });

  it('answers create-credentials with the secret the seed answered only from its dead duplicate case', async () => {
    // Prepare
    const harness = createTestHarness(SeedIntegration);

    // Act
    const seeds = await seedHandler(structuredClone(events['create-credentials']));
    const ours = await harness.invoke(structuredClone(events['create-credentials']));

    // Assess
    expect(seeds).toEqual({ status: 'ok' });
    expect(ours).toEqual({ status: 'ok', secret: 'created-credentials-secret' });
  });

  it('covers one fixture per event type of the protocol', () => {
    // Assess
    expect(Object.values(events).map((e) => e.event_type).sort()).toEqual([
      'create-credentials', 'delete-credentials', 'get-status', 'grant-access',
      'list-resources', 'list-resources-tags', 'reset-credentials', 'revoke-access',
    ]);
  });
});
