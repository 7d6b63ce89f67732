import type { ReconcileOptions } from 'apono-lambda-kit';
import type { GrantStore } from 'apono-lambda-kit/stores';
import { createTestHarness, type TestHarness } from 'apono-lambda-kit/testing';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ADMIN_API_KEY_HEADER, type RunningPortal, startPortalServer } from '../../portal/portal-server';
import { ADMIN_API_KEY_ENVIRONMENT, type EnvironmentVariables } from '../../src/admin-api-key/admin-api-key-environment';
import { PortalIntegration } from '../../src/portal-integration';
import { portalProviders } from '../../src/portal-providers';

/** The admin key of the test portal. */
export const TEST_ADMIN_API_KEY = 'real-portal-test-admin-key-0123';

/** A membership as the portal's admin API answers it. */
export interface MembershipRow {
  id: string;
  projectId: string;
  username: string;
  role: string;
  grantId?: string;
}

/** What else a harness of {@link RealPortal} may be given. */
export interface RealPortalHarnessOptions {
  /** Share a grant ledger with another harness (default: a fresh one). */
  store?: GrantStore;
  /** As `bootstrap(PortalIntegration, { reconcile })` in the handler. */
  reconcile?: ReconcileOptions;
}

/** The real portal on 127.0.0.1 with a throwaway data file, and harnesses wired to it with the example's own providers. */
export interface RealPortal {
  /** The running portal (a new one after {@link RealPortal.restoreBackup}, on the same URL). */
  readonly portal: RunningPortal;
  /** The function environment the harnesses get: the admin key and the pinned portal origin. */
  environment: EnvironmentVariables;
  /** A harness with the example's providers and a fresh grant ledger (so a second one has no record of the first's grants). */
  harness(environment?: EnvironmentVariables, options?: RealPortalHarnessOptions): TestHarness<{ base_url: string }>;
  /** A direct admin call, as the portal's own operators make it. */
  admin(pathAndQuery: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: unknown }>;
  /** A user's memberships, straight from the portal. */
  membershipsOf(username: string): Promise<MembershipRow[]>;
  /** Copies the portal's data file aside, as its nightly backup would. */
  backUp(): void;
  /** Stops the portal, puts the last backup back in place of its data file, and starts it again on the same URL. */
  restoreBackup(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the real portal for a test; always `close()` it (in afterAll/afterEach).
 *
 * @example
 * ```ts
 * const real = await startRealPortal();
 * await real.harness().grant({ grantId: 'g-1', username: 'dana@example.com', resources: ['proj-billing'], permission: 'reader' });
 * await real.close();
 * ```
 */
export async function startRealPortal(): Promise<RealPortal> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'real-portal-'));
  const dataFile = path.join(dataDir, 'portal.json');
  const backupFile = path.join(dataDir, 'portal.backup.json');
  let portal = await startPortalServer({ dataFile, adminApiKey: TEST_ADMIN_API_KEY, port: 0, host: '127.0.0.1' });
  const environment: EnvironmentVariables = { PORTAL_ADMIN_API_KEY: TEST_ADMIN_API_KEY, PORTAL_ORIGIN: portal.url };

  const admin = async (pathAndQuery: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${portal.url}${pathAndQuery}`, {
      method: init.method ?? 'GET',
      headers: { [ADMIN_API_KEY_HEADER]: TEST_ADMIN_API_KEY, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: response.status, body: response.status === 204 ? undefined : ((await response.json()) as unknown) };
  };

  return {
    get portal() {
      return portal;
    },
    environment,
    harness: (override = environment, options = {}) =>
      createTestHarness(PortalIntegration, {
        providers: [...portalProviders(), { token: ADMIN_API_KEY_ENVIRONMENT, useValue: override }],
        customParameters: { base_url: portal.url },
        ...(options.store === undefined ? {} : { store: options.store }),
        ...(options.reconcile === undefined ? {} : { bootstrap: { reconcile: options.reconcile } }),
      }),
    admin,
    membershipsOf: async (username) => (await admin(`/admin/memberships?username=${encodeURIComponent(username)}`)).body as MembershipRow[],
    backUp: () => copyFileSync(dataFile, backupFile),
    restoreBackup: async () => {
      await portal.close();
      copyFileSync(backupFile, dataFile);
      portal = await startPortalServer({ dataFile, adminApiKey: TEST_ADMIN_API_KEY, port: portal.port, host: '127.0.0.1' });
    },
    close: async () => {
      await portal.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
