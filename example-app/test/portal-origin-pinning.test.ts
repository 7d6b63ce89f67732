import type { TestHarness } from 'apono-lambda-kit/testing';
import { type RequestListener, startRequestListener } from './support/request-listener';
import { type RealPortal, startRealPortal, TEST_ADMIN_API_KEY } from './support/real-portal';

/** One call of each kind that reaches the portal. */
const PORTAL_CALLS: Array<[string, (harness: TestHarness, customParameters: Record<string, unknown>) => Promise<unknown>]> = [
  ['get-status', (harness, customParameters) => harness.getStatus({ customParameters })],
  ['list-resources', (harness, customParameters) => harness.listResources({ customParameters })],
  [
    'grant-access',
    (harness, customParameters) =>
      harness.grant({ grantId: 'g-1', username: 'dana@example.com', resources: ['proj-billing'], permission: 'reader', customParameters }),
  ],
  [
    'revoke-access',
    (harness, customParameters) =>
      harness.revoke({ grantId: 'g-1', username: 'dana@example.com', resources: ['proj-billing'], permission: 'reader', customParameters }),
  ],
  ['create-credentials', (harness, customParameters) => harness.createCredentials({ username: 'dana@example.com', customParameters })],
  ['apono-lambda-kit:list-access', (harness, customParameters) => harness.listAccess({ resourceType: 'project', customParameters })],
  ['apono-lambda-kit:reconcile', (harness, customParameters) => harness.reconcile({ resourceTypes: ['project'], customParameters })],
];

describe('the admin key goes only to the portal origin pinned in the function’s configuration', () => {
  let real: RealPortal;
  let listener: RequestListener;
  beforeEach(async () => {
    real = await startRealPortal();
    listener = await startRequestListener();
  });
  afterEach(async () => {
    await listener.close();
    await real.close();
  });

  test.each(PORTAL_CALLS)('%s with a base_url of another origin fails naming the rule, and that origin receives nothing', async (_event, send) => {
    // Prepare
    const harness = real.harness();

    // Act
    const failure = await send(harness, { base_url: listener.url }).catch((err: unknown) => err);

    // Assess
    expect(listener.seen).toEqual([]);
    expect(failure).toMatchObject({ name: 'PortalOriginError' });
    expect((failure as Error).message).toContain('PORTAL_ORIGIN');
    expect((failure as Error).message).toContain(real.portal.url);
    expect((failure as Error).message).not.toContain(TEST_ADMIN_API_KEY);
    expect(harness.capturedText()).not.toContain(TEST_ADMIN_API_KEY);
  });

  test('a base_url on the pinned origin, with a path, reaches the portal', async () => {
    // Prepare
    const harness = real.harness();

    // Act
    const status = await harness.getStatus({ customParameters: { base_url: `${real.portal.url}/ignored/path` } });

    // Assess
    expect(status).toEqual({ status: 'active' });
  });

  test('without PORTAL_ORIGIN, portal calls fail saying what to set, and no request leaves', async () => {
    // Prepare
    const harness = real.harness({ PORTAL_ADMIN_API_KEY: TEST_ADMIN_API_KEY });

    // Act
    const failure = await harness.getStatus({ customParameters: { base_url: listener.url } }).catch((err: unknown) => err);

    // Assess
    expect(listener.seen).toEqual([]);
    expect(failure).toMatchObject({ name: 'PortalOriginError' });
    expect((failure as Error).message).toMatch(/set PORTAL_ORIGIN/);
  });

  test('a plain-http PORTAL_ORIGIN that is not loopback is refused before any request', async () => {
    // Prepare
    const harness = real.harness({ PORTAL_ADMIN_API_KEY: TEST_ADMIN_API_KEY, PORTAL_ORIGIN: 'http://portal.internal.example.com' });

    // Act
    const failure = await harness
      .getStatus({ customParameters: { base_url: 'http://portal.internal.example.com' } })
      .catch((err: unknown) => err);

    // Assess
    expect(failure).toMatchObject({ name: 'PortalOriginError' });
    expect((failure as Error).message).toMatch(/https/);
  });

  test('a redirect from the pinned origin to another one is not followed with the key', async () => {
    // Prepare
    const redirecting = await startRequestListener((res) => {
      res.writeHead(307, { location: `${listener.url}/admin/projects` });
      res.end();
    });
    const harness = real.harness({ PORTAL_ADMIN_API_KEY: TEST_ADMIN_API_KEY, PORTAL_ORIGIN: redirecting.url });

    // Act
    const failure = await harness.getStatus({ customParameters: { base_url: redirecting.url } }).catch((err: unknown) => err);
    await redirecting.close();

    // Assess
    expect(redirecting.seen).toHaveLength(1);
    expect(listener.seen).toEqual([]);
    expect(failure).toMatchObject({ name: 'PortalRequestError' });
    expect((failure as Error).message).toMatch(/redirect \(307\): not followed/);
  });
});
