/**
 * The reproductions, through bootstrap with real timers: a @Grant that
 * ignores its AbortSignal outlives the deadline; no access may outlive the revoke,
 * and never two bodies of one grant_id run at once.
 */
import { bootstrap, Grant, Integration, ListResources, MemoryGrantStore, Revoke } from 'apono-lambda-kit';
import type { GrantRequest, RevokeRequest } from 'apono-lambda-kit';
import { fakeLambdaContext } from 'apono-lambda-kit/testing';

/** The application: memberships by id; the integration's bodies, counted while they run. */
const app = { memberships: new Map<string, string>(), running: 0, maxRunning: 0, grantsStarted: 0, next: 0 };
const GRANT_MS = 400;

class SignalIgnoringIntegration extends Integration {
  @ListResources() list() { return { resources: [], permissions: [] }; }

  @Grant()
  async grant(req: GrantRequest) {
    app.grantsStarted++;
    app.running++;
    app.maxRunning = Math.max(app.maxRunning, app.running);
    try {
      await new Promise((resolve) => setTimeout(resolve, GRANT_MS)); // a client without abort support
      const id = `m-${++app.next}`;
      app.memberships.set(id, req.username);
      return { data: { membershipId: id } };
    } finally {
      app.running--;
    }
  }

  @Revoke()
  async revoke(req: RevokeRequest<Record<string, unknown>, { membershipId: string }>) {
    const id = req.grant?.data?.membershipId;
    if (id !== undefined) app.memberships.delete(id);
    else for (const [key, user] of app.memberships) if (user === req.username) app.memberships.delete(key);
  }
}

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const event = (eventType: 'grant-access' | 'revoke-access', grantId: string) => ({
  event_type: eventType,
  params: { grant_id: grantId, username: 'dana@example.com', resource_type: 'project', resources: ['p-1'], permission: 'reader', custom_parameters: {} },
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (err: unknown) => err as Error);

describe('a @Grant that ignores its signal and outlives the deadline', () => {
  beforeEach(() => {
    Object.assign(app, { running: 0, maxRunning: 0, grantsStarted: 0 });
    app.memberships.clear();
  });

  it('leaves no access after a revoke, in the same instance (1): the revoke waits for the late grant, which is undone', async () => {
    // Prepare: 200 ms left, a 100 ms margin, a grant that takes 400 ms
    const store = new MemoryGrantStore();
    const handler = bootstrap(SignalIgnoringIntegration, { store, logger: silent, deadlineMarginMs: 100 });
    const granted = await failure(handler(event('grant-access', 'g-1'), fakeLambdaContext({ remainingTimeMs: 200 })));
    // Act: Apono revokes at once, and retries while refused
    const early = await failure(handler(event('revoke-access', 'g-1'), fakeLambdaContext()));
    await sleep(GRANT_MS);
    await handler(event('revoke-access', 'g-1'), fakeLambdaContext());
    // Assess
    expect(granted).toMatchObject({ name: 'DeadlineExceededError', retryable: true });
    expect(early).toMatchObject({ name: 'GrantInProgressError', retryable: true });
    expect(app.memberships.size).toBe(0);
    expect((await store.get('g-1'))?.status).toBe('REVOKED');
  });

  it('leaves no access after a revoke, in another instance (2): the late grant lands after REVOKED and is undone', async () => {
    // Prepare: two instances on one store; the first's lock lives 200 ms
    const store = new MemoryGrantStore();
    const first = bootstrap(SignalIgnoringIntegration, { store, logger: silent, deadlineMarginMs: 100 });
    const second = bootstrap(SignalIgnoringIntegration, { store, logger: silent, deadlineMarginMs: 100 });
    await failure(first(event('grant-access', 'g-2'), fakeLambdaContext({ remainingTimeMs: 200 })));
    await sleep(150); // the first instance's lock has expired; its method still runs
    // Act
    const revoked = await second(event('revoke-access', 'g-2'), fakeLambdaContext());
    await sleep(GRANT_MS);
    // Assess
    expect(revoked).toEqual({ status: 'ok' });
    expect(app.memberships.size).toBe(0);
    const record = await store.get('g-2');
    expect(record?.status).toBe('REVOKED');
    expect(record?.history.at(-1)?.note).toMatch(/late grant undone/);
  });

  it('never runs two bodies of one grant_id at once in an instance: retries while it runs are refused (retryable)', async () => {
    // Prepare
    const handler = bootstrap(SignalIgnoringIntegration, { store: new MemoryGrantStore(), logger: silent, deadlineMarginMs: 100 });
    await failure(handler(event('grant-access', 'g-3'), fakeLambdaContext({ remainingTimeMs: 200 })));
    await sleep(150); // past the first lock's expiry
    // Act
    const retries = await Promise.all([1, 2, 3].map(() => failure(handler(event('grant-access', 'g-3'), fakeLambdaContext()))));
    // Assess
    expect(retries.every((err) => err?.name === 'GrantInProgressError')).toBe(true);
    expect(app.grantsStarted).toBe(1);
    expect(app.maxRunning).toBe(1);
    await sleep(GRANT_MS);
  });

  it('starts no method with less time left than the margin (300 ms left, 500 ms margin): DeadlineExceededError, nothing run', async () => {
    // Prepare
    const handler = bootstrap(SignalIgnoringIntegration, { store: new MemoryGrantStore(), logger: silent });
    // Act
    const err = await failure(handler(event('grant-access', 'g-4'), fakeLambdaContext({ remainingTimeMs: 300 })));
    // Assess
    expect(err).toMatchObject({ name: 'DeadlineExceededError', retryable: true, message: expect.stringMatching(/not started/) });
    expect(app.grantsStarted).toBe(0);
  });

  it('starts no method with 0 ms left, even for two concurrent invocations', async () => {
    // Prepare
    const handler = bootstrap(SignalIgnoringIntegration, { store: new MemoryGrantStore(), logger: silent, deadlineMarginMs: 0 });
    // Act
    const errors = await Promise.all([1, 2].map(() => failure(handler(event('grant-access', 'g-5'), fakeLambdaContext({ remainingTimeMs: 0 })))));
    // Assess
    expect(errors.map((err) => err?.name)).toEqual(['DeadlineExceededError', 'DeadlineExceededError']);
    expect(app.grantsStarted).toBe(0);
  });
});
