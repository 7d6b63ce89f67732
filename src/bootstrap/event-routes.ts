import { UnsupportedEventError } from '../errors';
import { Capability } from '../decorators/constants';
import type { CredentialLedger } from '../grants/credential-ledger';
import type { GrantLedger } from '../grants/grant-ledger';
import type { GrantStore } from '../grants/grant-store';
import type { ReconcileOptions } from '../reconcile/types';
import { countMetric, type MetricName } from '../metrics/emf';
import { listAccessRoute, reconcileRoute } from './reconcile-route';
import { GrantRequest, RevokeRequest } from '../protocol/requests/access-request';
import { CredentialsRequest } from '../protocol/requests/credentials-request';
import { ListResourcesRequest } from '../protocol/requests/list-resources-request';
import { StatusRequest } from '../protocol/requests/status-request';
import { RequestReader } from '../protocol/request-reader';
import { ACTIVE_ANSWER, EventType, FrameworkEventType, OK_ANSWER } from '../protocol/constants';
import { readListResourcesAnswer } from '../protocol/answers/list-resources-answer';
import { buildSecretAnswer } from '../protocol/answers/credentials-answer';
import type { AponoAnswer } from '../protocol/types/wire';
import type { GrantRecord } from '../grants/types/grant-record';
import type { CredentialsResult, GrantResult, ListResourcesResult } from '../protocol/types/method-results';
import type { Deadline } from './deadline';
import type { IntegrationDefinition } from './integration-definition';
import { onAbortOf, type Invocation } from './invocation';
import { retryOf } from './retry';
import { lockOwnerFor } from './invocation-ids';

/** Calls the route's method, or (to undo a grant) another capability's, with the invocation or another. */
export type MethodCall = (request: object, other?: { capability: Capability; invocation: Invocation }) => Promise<unknown>;

/** How one event type is read and answered. Built once, at init. */
export interface EventRoute {
  readonly reader: RequestReader<{ customParameters: unknown }>;
  /** The capability whose method answers this event type (which may be absent). */
  readonly capability: Capability;
  answer(call: MethodCall, request: object, invocation: Invocation, deadline: Deadline, holdOpen: (work: Promise<unknown>) => void): Promise<AponoAnswer>;
}

/** What routes need besides the definition. */
export interface RouteDependencies {
  grants: GrantLedger;
  credentials: CredentialLedger;
  store: GrantStore;
  reconcile: ReconcileOptions;
  /** EMF fields for a line logged outside an invocation's own (a late grant undone). */
  metricFields: (eventType: string, values: Partial<Record<MetricName, number>>) => Record<string, unknown>;
}

function lockFor(invocation: Invocation, deadline: Deadline) {
  return { owner: lockOwnerFor(invocation.context.awsRequestId), expiresAtMs: deadline.lockExpiresAtMs };
}

function intentOf(req: GrantRequest) {
  return { grantId: req.grantId, username: req.username, resourceType: req.resourceType, resources: req.resources, permission: req.permission };
}

/**
 * The undo of a grant that must not stand: `@Revoke` with the grant's record. Its
 * invocation has its own signal, never aborted: the grant's fired at its deadline,
 * and the undo of a method that outlived it runs after the answer.
 */
function undoWith(call: MethodCall, req: GrantRequest, invocation: Invocation) {
  // Built only when an undo runs: a grant's hot path makes no AbortController it will not use.
  return async (record: GrantRecord) => {
    const signal = new AbortController().signal;
    const undoInvocation: Invocation = {
      eventType: EventType.RevokeAccess,
      context: invocation.context,
      logger: invocation.logger,
      signal,
      onAbort: onAbortOf(() => signal, invocation.logger),
      // Never aborted, so retries are bounded by their attempts alone.
      retry: retryOf(() => signal, () => Number.POSITIVE_INFINITY, invocation.logger),
    };
    const revokeRequest = Object.assign(new RevokeRequest(), req, { grant: record });
    await call(revokeRequest, { capability: Capability.Revoke, invocation: undoInvocation });
  };
}

/**
 * Builds the route of every event type the protocol defines, for one integration.
 * Optional capabilities that are absent answer as DESIGN.md's dispatch rules say.
 *
 * @example
 * ```ts
 * const routes = buildEventRoutes(defineIntegration(PortalIntegration), { grants, credentials });
 * ```
 */
export function buildEventRoutes(definition: IntegrationDefinition, deps: RouteDependencies): Map<string, EventRoute> {
  const { methods, className, customParametersClass: params } = definition;
  const label = (capability: Capability) => `${className}.${methods[capability]}`;
  const routes = new Map<string, EventRoute>();

  const statusRoute = (capability: Capability, sendResult: boolean): EventRoute => ({
    reader: new RequestReader(StatusRequest, params),
    capability,
    async answer(call, request, _invocation, deadline) {
      if (methods[capability] === undefined) return ACTIVE_ANSWER;
      const result = await deadline.race(call(request));
      return sendResult && typeof result === 'object' && result !== null ? (result as AponoAnswer) : ACTIVE_ANSWER;
    },
  });
  routes.set(EventType.GetStatus, statusRoute(Capability.GetStatus, false));
  routes.set(EventType.ListResourcesTags, statusRoute(Capability.ListResourceTags, true));

  routes.set(EventType.ListResources, {
    reader: new RequestReader(ListResourcesRequest, params),
    capability: Capability.ListResources,
    async answer(call, request, _invocation, deadline) {
      const result = (await deadline.race(call(request))) as ListResourcesResult;
      return await readListResourcesAnswer(result, (request as ListResourcesRequest).resourceType, label(Capability.ListResources));
    },
  });

  routes.set(EventType.GrantAccess, {
    reader: new RequestReader(GrantRequest, params),
    capability: Capability.Grant,
    async answer(call, request, invocation, deadline, holdOpen) {
      const req = request as GrantRequest;
      const outcome = await deps.grants.grant(intentOf(req), lockFor(invocation, deadline), async () => (await call(req)) as GrantResult | undefined,
        { deadline, logger: invocation.logger, holdOpen, undo: undoWith(call, req, invocation), metricFields: (values) => deps.metricFields(EventType.GrantAccess, values) });
      if (outcome.replayed) {
        countMetric(invocation, 'Replays');
        invocation.logger.info('grant-access replayed from the grant record; the method did not run');
      }
      return OK_ANSWER;
    },
  });

  routes.set(EventType.RevokeAccess, {
    reader: new RequestReader(RevokeRequest, params),
    capability: Capability.Revoke,
    async answer(call, request, invocation, deadline, holdOpen) {
      const req = request as RevokeRequest;
      const intent = intentOf(req);
      const outcome = await deps.grants.revoke(intent, lockFor(invocation, deadline), async (record) => {
        req.grant = record;
        await call(req);
      }, { deadline, logger: invocation.logger, holdOpen });
      if (outcome.payloadDiffers === true) {
        invocation.logger.warn('revoke-access names another username, resource type, resources or permission than the recorded grant: the recorded grant was revoked', {
          recorded_resources: outcome.record.resources.length,
        });
      }
      if (outcome.replayed) {
        countMetric(invocation, 'Replays');
        invocation.logger.info('revoke-access replayed from the grant record; the method did not run');
      }
      return OK_ANSWER;
    },
  });

  const credentialsRoute = (capability: Capability, action: 'create' | 'reset' | 'delete'): EventRoute => ({
    reader: new RequestReader(CredentialsRequest, params),
    capability,
    async answer(call, request, invocation, deadline, holdOpen) {
      if (methods[capability] === undefined && action === 'delete') {
        // The seed's answer to what it does not handle, which Apono's user clean-up tolerates:
        // nothing was deleted, and the answer does not claim otherwise ("ok").
        invocation.logger.warn(
          `${className} has no @DeleteCredentials method: nothing was deleted; answered {"status":"active"}. ` +
            (methods.CreateCredentials === undefined ? '' : 'It issues credentials: add @DeleteCredentials so that user clean-up removes them.'),
        );
        return ACTIVE_ANSWER;
      }
      if (methods[capability] === undefined) {
        throw new UnsupportedEventError(
          methods.CreateCredentials === undefined
            ? `this integration does not issue credentials: ${className} has no @CreateCredentials method`
            : `${className} has no @${capability} method, so it cannot ${action} credentials`,
        );
      }
      const req = request as CredentialsRequest;
      const key = { username: req.username, resourceType: req.resourceType, resources: req.resources };
      return deps.credentials.track(action, key, lockFor(invocation, deadline), async () => {
        const result = await call(req);
        // Built inside the tracked run: a missing secret is a failed create, not a recorded one.
        return action === 'delete' ? OK_ANSWER : buildSecretAnswer(result as CredentialsResult, label(capability));
      }, { deadline, logger: invocation.logger, holdOpen });
    },
  });
  routes.set(EventType.CreateCredentials, credentialsRoute(Capability.CreateCredentials, 'create'));
  routes.set(EventType.ResetCredentials, credentialsRoute(Capability.ResetCredentials, 'reset'));
  routes.set(EventType.DeleteCredentials, credentialsRoute(Capability.DeleteCredentials, 'delete'));
  routes.set(FrameworkEventType.Reconcile, reconcileRoute(definition, { grants: deps.grants, store: deps.store, options: deps.reconcile }));
  routes.set(FrameworkEventType.ListAccess, listAccessRoute(definition));
  return routes;
}
