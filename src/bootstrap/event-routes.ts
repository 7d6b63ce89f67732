import { UnsupportedEventError } from '../errors';
import { Capability } from '../decorators/constants';
import type { CredentialLedger } from '../grants/credential-ledger';
import type { GrantLedger } from '../grants/grant-ledger';
import { GrantRequest, RevokeRequest } from '../protocol/requests/access-request';
import { CredentialsRequest } from '../protocol/requests/credentials-request';
import { ListResourcesRequest } from '../protocol/requests/list-resources-request';
import { StatusRequest } from '../protocol/requests/status-request';
import { RequestReader } from '../protocol/request-reader';
import { ACTIVE_ANSWER, EventType, OK_ANSWER } from '../protocol/constants';
import { buildListResourcesAnswer } from '../protocol/answers/list-resources-answer';
import { buildSecretAnswer } from '../protocol/answers/credentials-answer';
import type { AponoAnswer } from '../protocol/types/wire';
import type { CredentialsResult, GrantResult, ListResourcesResult } from '../protocol/types/method-results';
import type { Deadline } from './deadline';
import type { IntegrationDefinition } from './integration-definition';
import type { Invocation } from './invocation';
import { lockOwnerFor } from './invocation-ids';

/** What a route hands a method and gets back, before the route shapes the answer. */
type MethodCall = (request: object) => Promise<unknown>;

/** How one event type is read and answered. Built once, at init. */
export interface EventRoute {
  readonly reader: RequestReader<{ customParameters: unknown }>;
  /** The capability whose method answers this event type (which may be absent). */
  readonly capability: Capability;
  answer(call: MethodCall, request: object, invocation: Invocation, deadline: Deadline): Promise<AponoAnswer>;
}

/** What routes need besides the definition. */
export interface RouteDependencies {
  grants: GrantLedger;
  credentials: CredentialLedger;
}

function lockFor(invocation: Invocation, deadline: Deadline) {
  return { owner: lockOwnerFor(invocation.context.awsRequestId), expiresAtMs: deadline.lockExpiresAtMs };
}

function intentOf(req: GrantRequest) {
  return { grantId: req.grantId, username: req.username, resourceType: req.resourceType, resources: req.resources, permission: req.permission };
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
      return buildListResourcesAnswer(result, (request as ListResourcesRequest).resourceType, label(Capability.ListResources));
    },
  });

  routes.set(EventType.GrantAccess, {
    reader: new RequestReader(GrantRequest, params),
    capability: Capability.Grant,
    async answer(call, request, invocation, deadline) {
      const req = request as GrantRequest;
      const outcome = await deps.grants.grant(intentOf(req), lockFor(invocation, deadline), async () =>
        (await deadline.race(call(req))) as GrantResult | undefined);
      if (outcome.replayed) invocation.logger.info('grant-access replayed from the grant record; the method did not run');
      return OK_ANSWER;
    },
  });

  routes.set(EventType.RevokeAccess, {
    reader: new RequestReader(RevokeRequest, params),
    capability: Capability.Revoke,
    async answer(call, request, invocation, deadline) {
      const req = request as RevokeRequest;
      const outcome = await deps.grants.revoke(intentOf(req), lockFor(invocation, deadline), async (record) => {
        req.grant = record;
        await deadline.race(call(req));
      });
      if (outcome.replayed) invocation.logger.info('revoke-access replayed from the grant record; the method did not run');
      return OK_ANSWER;
    },
  });

  const credentialsRoute = (capability: Capability, action: 'create' | 'reset' | 'delete'): EventRoute => ({
    reader: new RequestReader(CredentialsRequest, params),
    capability,
    async answer(call, request, invocation, deadline) {
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
        const result = await deadline.race(call(req));
        // Built inside the tracked run: a missing secret is a failed create, not a recorded one.
        return action === 'delete' ? OK_ANSWER : buildSecretAnswer(result as CredentialsResult, label(capability));
      });
    },
  });
  routes.set(EventType.CreateCredentials, credentialsRoute(Capability.CreateCredentials, 'create'));
  routes.set(EventType.ResetCredentials, credentialsRoute(Capability.ResetCredentials, 'reset'));
  routes.set(EventType.DeleteCredentials, credentialsRoute(Capability.DeleteCredentials, 'delete'));
  return routes;
}
