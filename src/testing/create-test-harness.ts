import type { LambdaContext } from '../bootstrap/invocation';
import { bootstrap, type AponoHandler } from '../bootstrap/bootstrap';
import type { BootstrapOptions, Provider } from '../bootstrap/options';
import type { GrantStore } from '../grants/grant-store';
import { MemoryGrantStore } from '../grants/memory-grant-store';
import type { CustomParametersOf, Integration, IntegrationClass } from '../integration';
import { JsonLogger } from '../logging/logger';
import type { ListResourcesAnswer, OkAnswer, SecretAnswer, StatusAnswer, AponoAnswer } from '../protocol/types';
import { fakeLambdaContext, type FakeLambdaContextOptions } from './fake-lambda-context';
import { FrameworkEventType } from '../protocol/constants';
import type { AccessEntry } from '../protocol/requests';
import type { ReconcileReport } from '../reconcile/types';

/**
 * Custom parameters as a test sends them: the integration's own fields (a typo does not compile), each typed or as Apono's string.
 * @example const params: WireCustomParameters<DatabaseParams> = { host: 'db', port: '5432' };
 */
export type WireCustomParameters<P> = { [K in keyof P]?: P[K] | string };

/**
 * Options of {@link createTestHarness}.
 * @example createTestHarness(PortalIntegration, { providers: [{ token: PortalClient, useValue: fakePortal }], bootstrap: handlerOptions, remainingTimeMs: 2_000 });
 */
export interface TestHarnessOptions<P = Record<string, unknown>> {
  /** Services to register or override (fakes of your clients). */
  providers?: readonly Provider[];
  /** The `custom_parameters` every helper call sends unless it passes its own. */
  customParameters?: WireCustomParameters<P>;
  /** The grant store. Default: a fresh MemoryGrantStore. */
  store?: GrantStore;
  /** The object your handler module passes to `bootstrap()`. The harness's `store` replaces its store; its `providers` come after, so fakes win. */
  bootstrap?: Omit<BootstrapOptions, 'logger'>;
  /** Lambda time left at the start of each invocation. Default 30 000 ms. */
  remainingTimeMs?: number;
}

/** Fields every helper call may set; the rest get test defaults. @example await harness.getStatus({ customParameters: {}, context: { awsRequestId: 'req-1' } }); */
export interface HarnessCall<P = Record<string, unknown>> {
  customParameters?: WireCustomParameters<P>;
  context?: FakeLambdaContextOptions;
}

/**
 * A grant-access / revoke-access call: defaults grant `reader` on `resource-1` to `user@example.com` as `grant-1`.
 * @example await harness.grant({ grantId: 'g-7', username: 'dana@example.com', resources: ['proj-1', 'proj-2'], permission: 'admin' });
 */
export interface AccessCall<P = Record<string, unknown>> extends HarnessCall<P> {
  grantId?: string;
  username?: string;
  resourceType?: string;
  resources?: string[];
  permission?: string;
}

/** A credentials call: defaults to `user@example.com` on `resource-1`. @example await harness.createCredentials({ username: 'dana@example.com', resources: ['db-1'] }); */
export interface CredentialsCall<P = Record<string, unknown>> extends HarnessCall<P> {
  username?: string;
  resourceType?: string;
  resources?: string[];
}

/** A list-resources call. @example const { resources, permissions } = await harness.listResources({ resourceType: 'project' }); */
export interface ListResourcesCall<P = Record<string, unknown>> extends HarnessCall<P> {
  resourceType?: string;
}

/** A reconcile call: which resource types, and whether to only report. @example await harness.reconcile({ resourceTypes: ['project'], dryRun: true }); */
export interface ReconcileCall<P = Record<string, unknown>> extends HarnessCall<P> {
  resourceTypes?: string[];
  dryRun?: boolean;
}

/** One captured log line, parsed. @example const errors = harness.logs.filter((line: CapturedLogLine) => line.level === 'ERROR'); */
export type CapturedLogLine = Record<string, unknown> & { level: string; message: string };

/**
 * What {@link createTestHarness} returns: the real handler, with helpers.
 * @example const { secret } = await harness.createCredentials(); expect(harness.capturedText()).not.toContain(secret);
 */
export interface TestHarness<P = Record<string, unknown>> {
  /** The handler, exactly as `bootstrap` built it. */
  readonly handler: AponoHandler;
  /** The grant store, to assert on records. */
  readonly store: GrantStore;
  /** Every log line so far, parsed. */
  readonly logs: CapturedLogLine[];
  /** Everything logged and every error message seen so far, as one string: search it for secrets. */
  capturedText(): string;
  /** Sends a raw event, as Apono would. */
  invoke(event: unknown, context?: LambdaContext): Promise<AponoAnswer>;
  getStatus(call?: HarnessCall<P>): Promise<StatusAnswer>;
  listResourceTags(call?: HarnessCall<P>): Promise<AponoAnswer>;
  listResources(call?: ListResourcesCall<P>): Promise<ListResourcesAnswer>;
  grant(call?: AccessCall<P>): Promise<OkAnswer>;
  revoke(call?: AccessCall<P>): Promise<OkAnswer>;
  createCredentials(call?: CredentialsCall<P>): Promise<SecretAnswer>;
  resetCredentials(call?: CredentialsCall<P>): Promise<SecretAnswer>;
  /** Disposes the singletons the handler built (a database pool): call it in `afterAll`. */
  close(): Promise<void>;
  /** `{status:'ok'}`, or `{status:'active'}` when the integration has no `@DeleteCredentials` method. */
  deleteCredentials(call?: CredentialsCall<P>): Promise<OkAnswer | StatusAnswer>;
  /** The access `@ListAccess` lists for a resource type (default: the first the class declares, else `resource`), checked. */
  listAccess(call?: ListResourcesCall<P>): Promise<AccessEntry[]>;
  /** Sends the reconcile event (default: the resource types the class declares, else `['resource']`) and returns its report. */
  reconcile(call?: ReconcileCall<P>): Promise<ReconcileReport>;
}

/**
 * Builds the integration's real handler with a memory store, captured logs and your fakes, and typed helpers that send
 * wire events through it. See docs/architecture.md#testing.
 * @example
 * ```ts
 * const harness = createTestHarness(PortalIntegration, { providers: [{ token: PortalClient, useValue: fakePortal }] });
 * await harness.grant({ grantId: 'g-1', resources: ['proj-1'] });
 * expect((await harness.store.get('g-1'))?.status).toBe('GRANTED');
 * ```
 */
export function createTestHarness<T extends Integration<object, unknown>>(
  integrationClass: IntegrationClass<T>,
  options: TestHarnessOptions<CustomParametersOf<T>> = {},
): TestHarness<CustomParametersOf<T>> {
  const logs: CapturedLogLine[] = [];
  const errors: string[] = [];
  const store = options.store ?? new MemoryGrantStore();
  const handler = bootstrap(integrationClass, {
    ...options.bootstrap,
    store,
    allowEphemeralStore: true,
    providers: [...(options.bootstrap?.providers ?? []), ...(options.providers ?? [])],
    logger: new JsonLogger({ level: 'DEBUG', write: (line) => logs.push(JSON.parse(line) as CapturedLogLine) }),
  });

  // Declared resource types are the defaults (the first, with its first permission; all for reconcile): others are refused.
  const declared = integrationClass.resourceTypes ?? {};
  const declaredTypes = Object.keys(declared);
  const defaultResourceType = declaredTypes[0] ?? 'resource';
  const defaultPermission = (resourceType: string) => declared[resourceType]?.[0] ?? 'reader';
  const invoke = async (event: unknown, context?: LambdaContext): Promise<AponoAnswer> => {
    try {
      return await handler(event, context ?? fakeLambdaContext({ remainingTimeMs: options.remainingTimeMs }));
    } catch (err) {
      errors.push(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
      throw err;
    }
  };
  const send = (eventType: string, params: Record<string, unknown>, call: HarnessCall<CustomParametersOf<T>>) =>
    invoke(
      { event_type: eventType, params: { ...params, custom_parameters: call.customParameters ?? options.customParameters ?? {} } },
      fakeLambdaContext({ remainingTimeMs: options.remainingTimeMs, ...call.context }),
    );
  const access = (call: AccessCall<CustomParametersOf<T>>) => {
    const resourceType = call.resourceType ?? defaultResourceType;
    return {
      grant_id: call.grantId ?? 'grant-1',
      username: call.username ?? 'user@example.com',
      resource_type: resourceType,
      resources: call.resources ?? ['resource-1'],
      permission: call.permission ?? defaultPermission(resourceType),
    };
  };
  const credentials = (call: CredentialsCall<CustomParametersOf<T>>) => ({
    username: call.username ?? 'user@example.com',
    resource_type: call.resourceType ?? defaultResourceType,
    resources: call.resources ?? ['resource-1'],
  });

  return {
    handler,
    store,
    logs,
    capturedText: () => [...logs.map((line) => JSON.stringify(line)), ...errors].join('\n'),
    invoke,
    close: () => handler.dispose(),
    getStatus: async (call = {}) => (await send('get-status', {}, call)) as StatusAnswer,
    listResourceTags: (call = {}) => send('list-resources-tags', {}, call),
    listResources: async (call = {}) => (await send('list-resources', { resource_type: call.resourceType ?? defaultResourceType }, call)) as ListResourcesAnswer,
    grant: async (call = {}) => (await send('grant-access', access(call), call)) as OkAnswer,
    revoke: async (call = {}) => (await send('revoke-access', access(call), call)) as OkAnswer,
    createCredentials: async (call = {}) => (await send('create-credentials', credentials(call), call)) as SecretAnswer,
    resetCredentials: async (call = {}) => (await send('reset-credentials', credentials(call), call)) as SecretAnswer,
    deleteCredentials: async (call = {}) => (await send('delete-credentials', credentials(call), call)) as OkAnswer | StatusAnswer,
    listAccess: async (call = {}) =>
      ((await send(FrameworkEventType.ListAccess, { resource_type: call.resourceType ?? defaultResourceType }, call)) as unknown as { entries: AccessEntry[] }).entries,
    reconcile: async (call = {}) =>
      (await send(FrameworkEventType.Reconcile, { resource_types: call.resourceTypes ?? (declaredTypes.length > 0 ? declaredTypes : [defaultResourceType]), dry_run: call.dryRun === true }, call)) as unknown as ReconcileReport,
  };
}
