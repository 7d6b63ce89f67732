import type { ClassConstructor } from 'class-transformer';
import { type Deadline, type Invocation, lockOwnerFor, undoInvocationOf } from '../bootstrap/invocation';
import { UnsupportedEventError } from '../errors';
import type { CredentialLedger } from '../grants/credential-ledger';
import type { GrantLedger } from '../grants/grant-ledger';
import type { GrantStore } from '../grants/grant-store';
import { countMetric, type MetricName } from '../metrics/emf';
import { buildSecretAnswer, readListResourcesAnswer } from '../protocol/answers';
import { ACTIVE_ANSWER, EventType, FrameworkEventType, OK_ANSWER } from '../protocol/constants';
import { CredentialsRequest, GrantRequest, ListAccessEventRequest, ListResourcesRequest, ReconcileRequest, RevokeRequest, revokeRequestWith, StatusRequest } from '../protocol/requests';
import type { AponoAnswer, CredentialsResult, GrantResult, ListAccessAnswer, ListResourcesAnswer, ListResourcesResult, OkAnswer, ResourceTagsAnswer, SecretAnswer, StatusAnswer } from '../protocol/types';
import type { ReconcileOptions, ReconcileReport } from '../reconcile/types';
import type { IntegrationDefinition } from './integration-definition';
import { listAccessAnswer, reconcileAnswer } from './reconcile-answers';

/** The capabilities an integration class can declare, one decorator each. @example const required: Capability[] = ['ListResources', 'Grant', 'Revoke']; */
export type Capability =
  | 'ListResources' | 'Grant' | 'Revoke'
  | 'CreateCredentials' | 'ResetCredentials' | 'DeleteCredentials'
  | 'GetStatus' | 'ListResourceTags' | 'ListAccess';

/** Per capability: must every integration have it; does its event carry a resource type. */
export const CAPABILITY_RULES: Readonly<Record<Capability, { readonly required: boolean; readonly byResourceType: boolean }>> = {
  ListResources: { required: true, byResourceType: true },
  Grant: { required: true, byResourceType: true },
  Revoke: { required: true, byResourceType: true },
  CreateCredentials: { required: false, byResourceType: true },
  ResetCredentials: { required: false, byResourceType: true },
  DeleteCredentials: { required: false, byResourceType: true },
  GetStatus: { required: false, byResourceType: false },
  ListResourceTags: { required: false, byResourceType: false },
  ListAccess: { required: false, byResourceType: true },
};

/** What every route needs besides the request. */
export interface RouteDependencies {
  grants: GrantLedger;
  credentials: CredentialLedger;
  store: GrantStore;
  reconcile: ReconcileOptions;
  /** EMF fields for a line logged outside the invocation's own (a late grant undone). */
  metricFields: (eventType: string, values: Partial<Record<MetricName, number>>) => Record<string, unknown>;
}

/** What the dispatcher gives a route's `answer`. */
export interface RouteContext<Req> {
  readonly request: Req;
  readonly definition: IntegrationDefinition;
  readonly deps: RouteDependencies;
  readonly invocation: Invocation;
  readonly deadline: Deadline;
  /** Keeps the per-invocation scope alive while a method abandoned at the deadline still runs. */
  holdOpen(work: Promise<unknown>): void;
  /** Calls this capability's method for the request's resource type (or the fallback). */
  call<R>(request: object): Promise<R>;
  callOther(capability: Capability, request: object, invocation: Invocation): Promise<unknown>;
  /** `Class.method`, for messages. */
  label(resourceType?: string): string;
}

/** What the dispatcher gives `absent`. */
export interface AbsentContext {
  readonly definition: IntegrationDefinition;
  readonly invocation: Invocation;
  readonly resourceType: string | undefined;
}

/** How one event type is read, checked and answered. See docs/capabilities.md#capability-table. */
export interface CapabilityRoute<Req extends { customParameters: unknown }, Ans extends AponoAnswer> {
  readonly capability: Capability;
  readonly request: ClassConstructor<Req>;
  /** `raced`: the dispatcher races the whole answer; `ledger`: the ledger holds the deadline. */
  readonly deadline: 'raced' | 'ledger';
  /** What is refused before any method runs (docs/capabilities.md#declared-resource-types). */
  readonly checkDeclared: 'resource type' | 'resource type and permission' | 'no';
  resourceTypesOf(request: Req): ReadonlyArray<string | undefined>;
  /** The answer when the class has no method for the capability; undefined: UnsupportedEventError. */
  readonly absent?: (ctx: AbsentContext) => Ans;
  answer(ctx: RouteContext<Req>): Promise<Ans>;
}

/** A row with its types erased: the one place generics are dropped. */
export type AnyCapabilityRoute = CapabilityRoute<{ customParameters: unknown }, AponoAnswer>;

function route<Req extends { customParameters: unknown }, Ans extends AponoAnswer>(row: CapabilityRoute<Req, Ans>): AnyCapabilityRoute {
  return row as unknown as AnyCapabilityRoute;
}

const oneResourceType = (req: { resourceType: string }) => [req.resourceType];
const noResourceType = () => [undefined];

function lockFor(ctx: RouteContext<unknown>) {
  return { owner: lockOwnerFor(ctx.invocation.context.awsRequestId), expiresAtMs: ctx.deadline.lockExpiresAtMs };
}

function intentOf(req: GrantRequest) {
  return { grantId: req.grantId, username: req.username, resourceType: req.resourceType, resources: req.resources, permission: req.permission };
}

function runOptions(ctx: RouteContext<unknown>) {
  return { deadline: ctx.deadline, logger: ctx.invocation.logger, holdOpen: (work: Promise<unknown>) => ctx.holdOpen(work) };
}

function replayed(ctx: RouteContext<unknown>, eventType: string): void {
  countMetric(ctx.invocation, 'Replays');
  ctx.invocation.logger.info(`${eventType} replayed from the grant record; the method did not run`);
}

/** `@Revoke` with the grant's record, under a signal that never fires (docs/capabilities.md#capability-table). */
function undoOf(ctx: RouteContext<GrantRequest>) {
  return async (record: Parameters<typeof revokeRequestWith>[1]) => {
    await ctx.callOther('Revoke', revokeRequestWith(ctx.request, record), undoInvocationOf(ctx.invocation));
  };
}

function statusRoute(capability: 'GetStatus' | 'ListResourceTags') {
  return {
    capability,
    request: StatusRequest,
    deadline: 'raced',
    checkDeclared: 'no',
    resourceTypesOf: noResourceType,
    absent: () => ACTIVE_ANSWER,
  } as const;
}

function credentialsRoute(capability: 'CreateCredentials' | 'ResetCredentials', action: 'create' | 'reset') {
  return route<CredentialsRequest, SecretAnswer>({
    capability,
    request: CredentialsRequest,
    deadline: 'ledger',
    checkDeclared: 'resource type',
    resourceTypesOf: oneResourceType,
    async answer(ctx) {
      const req = ctx.request;
      const key = { username: req.username, resourceType: req.resourceType, resources: req.resources };
      // Built inside the tracked run: a missing secret is a failed create, not a recorded one.
      return ctx.deps.credentials.track(action, key, lockFor(ctx), async () =>
        buildSecretAnswer(await ctx.call<CredentialsResult>(req), ctx.label(req.resourceType)), runOptions(ctx));
    },
  });
}

/** The only router: one row per event type. See docs/capabilities.md#capability-table. */
export const CAPABILITY_TABLE: ReadonlyMap<string, AnyCapabilityRoute> = new Map<string, AnyCapabilityRoute>([
    [EventType.GetStatus, route<StatusRequest, StatusAnswer>({
      ...statusRoute('GetStatus'),
      async answer(ctx) {
        await ctx.call<unknown>(ctx.request);
        return ACTIVE_ANSWER;
      },
    })],
    [EventType.ListResourcesTags, route<StatusRequest, ResourceTagsAnswer | StatusAnswer>({
      ...statusRoute('ListResourceTags'),
      async answer(ctx) {
        // The protocol does not document this answer: sent as is.
        const result = await ctx.call<unknown>(ctx.request);
        return typeof result === 'object' && result !== null ? (result as ResourceTagsAnswer) : ACTIVE_ANSWER;
      },
    })],
    [EventType.ListResources, route<ListResourcesRequest, ListResourcesAnswer>({
      capability: 'ListResources',
      request: ListResourcesRequest,
      deadline: 'raced',
      checkDeclared: 'resource type',
      resourceTypesOf: oneResourceType,
      async answer(ctx) {
        const { resourceType } = ctx.request;
        const declared = ctx.definition.resourceTypes?.get(resourceType);
        const result = await ctx.call<ListResourcesResult | undefined>(ctx.request);
        return readListResourcesAnswer(result, resourceType, ctx.label(resourceType), undefined, declared === undefined ? undefined : [...declared]);
      },
    })],
    [EventType.GrantAccess, route<GrantRequest, OkAnswer>({
      capability: 'Grant',
      request: GrantRequest,
      deadline: 'ledger',
      checkDeclared: 'resource type and permission',
      resourceTypesOf: oneResourceType,
      async answer(ctx) {
        const outcome = await ctx.deps.grants.grant(intentOf(ctx.request), lockFor(ctx), () => ctx.call<GrantResult | undefined>(ctx.request), {
          ...runOptions(ctx),
          undo: undoOf(ctx),
          metricFields: (values) => ctx.deps.metricFields(EventType.GrantAccess, values),
        });
        if (outcome.replayed) replayed(ctx, EventType.GrantAccess);
        return OK_ANSWER;
      },
    })],
    [EventType.RevokeAccess, route<RevokeRequest, OkAnswer>({
      capability: 'Revoke',
      request: RevokeRequest,
      deadline: 'ledger',
      checkDeclared: 'no',
      resourceTypesOf: oneResourceType,
      async answer(ctx) {
        const req = ctx.request;
        const outcome = await ctx.deps.grants.revoke(intentOf(req), lockFor(ctx), async (record) => {
          await ctx.call<unknown>(revokeRequestWith(req, record));
        }, runOptions(ctx));
        if (outcome.payloadDiffers === true) {
          ctx.invocation.logger.warn('revoke-access names another username, resource type, resources or permission than the recorded grant: the recorded grant was revoked', {
            recorded_resources: outcome.record.resources.length,
          });
        }
        if (outcome.replayed) replayed(ctx, EventType.RevokeAccess);
        return OK_ANSWER;
      },
    })],
    [EventType.CreateCredentials, credentialsRoute('CreateCredentials', 'create')],
    [EventType.ResetCredentials, credentialsRoute('ResetCredentials', 'reset')],
    [EventType.DeleteCredentials, route<CredentialsRequest, OkAnswer | StatusAnswer>({
      capability: 'DeleteCredentials',
      request: CredentialsRequest,
      deadline: 'ledger',
      checkDeclared: 'resource type',
      resourceTypesOf: oneResourceType,
      absent({ definition, invocation }) {
        // Not "ok": nothing was deleted. Apono's user clean-up accepts "active".
        invocation.logger.warn(
          `${definition.className} has no @DeleteCredentials method: nothing was deleted; answered {"status":"active"}. ` +
            (definition.methods.CreateCredentials === undefined ? '' : 'It issues credentials: add @DeleteCredentials so that user clean-up removes them.'),
        );
        return ACTIVE_ANSWER;
      },
      async answer(ctx) {
        const req = ctx.request;
        const key = { username: req.username, resourceType: req.resourceType, resources: req.resources };
        return ctx.deps.credentials.track('delete', key, lockFor(ctx), async () => {
          await ctx.call<unknown>(req);
          return OK_ANSWER;
        }, runOptions(ctx));
      },
    })],
    [FrameworkEventType.Reconcile, route<ReconcileRequest, ReconcileReport>({
      capability: 'ListAccess',
      request: ReconcileRequest,
      // It stops reading at the deadline itself, and revokes under the ledger.
      deadline: 'ledger',
      checkDeclared: 'no',
      resourceTypesOf: (req) => req.resourceTypes,
      answer: reconcileAnswer,
    })],
    [FrameworkEventType.ListAccess, route<ListAccessEventRequest, ListAccessAnswer>({
      capability: 'ListAccess',
      request: ListAccessEventRequest,
      deadline: 'raced',
      checkDeclared: 'resource type',
      resourceTypesOf: oneResourceType,
      answer: listAccessAnswer,
    })],
]);

/** Why an event has no method: none for the capability, or none for this resource type and no fallback. @example throw noMethodError(definition, 'Grant', 'team'); */
export function noMethodError(definition: IntegrationDefinition, capability: Capability, resourceType: string | undefined): UnsupportedEventError {
  const { className } = definition;
  const methods = definition.methods[capability];
  if (capability === 'ListAccess' && methods === undefined) {
    return new UnsupportedEventError(
      `${className} has no @ListAccess method, so it cannot list access or reconcile: add one that lists the access that exists in the application ` +
        '(username, resources, permission) for a resource type.',
    );
  }
  if ((capability === 'CreateCredentials' || capability === 'ResetCredentials') && definition.methods.CreateCredentials === undefined) {
    return new UnsupportedEventError(`this integration does not issue credentials: ${className} has no @CreateCredentials method`);
  }
  if (methods === undefined && (capability === 'ResetCredentials' || capability === 'DeleteCredentials')) {
    return new UnsupportedEventError(`${className} has no @${capability} method, so it cannot ${capability === 'ResetCredentials' ? 'reset' : 'delete'} credentials`);
  }
  if (methods === undefined || resourceType === undefined) return new UnsupportedEventError(`${className} has no @${capability} method`);
  const handled = [...methods.byResourceType.keys()].join(', ');
  return new UnsupportedEventError(
    `${className} has no @${capability} method for resource type "${resourceType.slice(0, 100)}" (it handles ${handled}) and no fallback @${capability}()`,
  );
}
