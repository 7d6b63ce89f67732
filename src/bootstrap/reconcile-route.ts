import { InvalidEventError, UnsupportedEventError } from '../errors';
import { Capability } from '../decorators/constants';
import type { GrantLedger } from '../grants/grant-ledger';
import type { GrantStore } from '../grants/grant-store';
import type { GrantRecord } from '../grants/types/grant-record';
import { RevokeRequest } from '../protocol/requests/access-request';
import { ListAccessEventRequest, ReconcileRequest, type AccessEntry, type ListAccessRequest } from '../protocol/requests/reconcile-request';
import { assertAnswerFits } from '../protocol/answers/answer-size';
import { RequestReader } from '../protocol/request-reader';
import type { AponoAnswer } from '../protocol/types/wire';
import { reconcile, type AccessToRevoke } from '../reconcile/reconcile';
import { checkedAccessEntries } from '../reconcile/access-entries';
import type { ReconcileOptions } from '../reconcile/types';
import { countMetric } from '../metrics/emf';
import type { EventRoute } from './event-routes';
import type { IntegrationDefinition } from './integration-definition';
import { freshUuid, lockOwnerFor } from './invocation-ids';

function noListAccess(className: string, what: string): UnsupportedEventError {
  return new UnsupportedEventError(
    `${className} has no @ListAccess method, so it cannot ${what}: add one that lists the access that exists in the application ` +
      '(username, resources, permission) for a resource type.',
  );
}

/**
 * The route of `apono-lambda-kit:list-access`: the entries `@ListAccess` lists for
 * one resource type, checked as reconcile checks them.
 *
 * @example
 * ```ts
 * routes.set(FrameworkEventType.ListAccess, listAccessRoute(definition));
 * ```
 */
export function listAccessRoute(definition: IntegrationDefinition): EventRoute {
  const { methods, className, customParametersClass } = definition;
  return {
    reader: new RequestReader(ListAccessEventRequest, customParametersClass),
    capability: Capability.ListAccess,
    async answer(call, request, _invocation, deadline) {
      if (methods.ListAccess === undefined) throw noListAccess(className, 'list access');
      const req = request as ListAccessEventRequest;
      const listed = await deadline.race(call({ resourceType: req.resourceType, customParameters: req.customParameters }));
      const entries: AccessEntry[] = [];
      for await (const entry of checkedAccessEntries(listed as Iterable<unknown>, `${className}.${methods.ListAccess}`, req.resourceType)) entries.push(entry);
      const answer = { resource_type: req.resourceType, entries };
      assertAnswerFits(answer, `the list-access answer of ${className}.${methods.ListAccess}`);
      return answer as unknown as AponoAnswer;
    },
  };
}

/** Refuses resource types the integration does not declare (when it declares them). */
function assertDeclared(definition: IntegrationDefinition, resourceTypes: readonly string[]): void {
  const declared = definition.resourceTypes;
  if (declared === undefined) return;
  const index = resourceTypes.findIndex((type) => !declared.has(type));
  if (index >= 0) {
    throw new InvalidEventError(
      `params.resource_types[${index}]: "${resourceTypes[index]?.slice(0, 100)}" is not a resource type of ${definition.className} ` +
        `(it declares ${[...declared].join(', ')}); nothing was read or revoked.`,
    );
  }
}

/** What the reconcile route needs besides the definition. */
export interface ReconcileRouteDependencies {
  grants: GrantLedger;
  store: GrantStore;
  options: ReconcileOptions;
}

/**
 * The route of `apono-lambda-kit:reconcile`: the ledger checked against
 * `@ListAccess`, and access left behind revoked through `@Revoke` (see src/reconcile).
 * One log line summarises the report (counts only).
 *
 * @example
 * ```ts
 * routes.set(FrameworkEventType.Reconcile, reconcileRoute(definition, { grants, store, options: {} }));
 * ```
 */
export function reconcileRoute(definition: IntegrationDefinition, deps: ReconcileRouteDependencies): EventRoute {
  const { methods, className, customParametersClass } = definition;
  return {
    reader: new RequestReader(ReconcileRequest, customParametersClass),
    capability: Capability.ListAccess,
    async answer(call, request, invocation, deadline, holdOpen) {
      if (methods.ListAccess === undefined) throw noListAccess(className, 'reconcile');
      const req = request as ReconcileRequest;
      assertDeclared(definition, req.resourceTypes);
      const runOptions = { deadline, logger: invocation.logger, holdOpen };
      const report = await reconcile({
        store: deps.store,
        ledger: deps.grants,
        resourceTypes: [...new Set(req.resourceTypes)],
        dryRun: req.dryRun === true,
        options: deps.options,
        label: `${className}.${methods.ListAccess}`,
        listAccess: (resourceType) => {
          const listRequest: ListAccessRequest = { resourceType, customParameters: req.customParameters as Record<string, unknown> };
          return deadline.race(call(listRequest));
        },
        revoke: async (access: AccessToRevoke, record: GrantRecord | undefined) => {
          const revokeRequest = Object.assign(new RevokeRequest(), access, { customParameters: req.customParameters, grant: record });
          await call(revokeRequest, { capability: Capability.Revoke, invocation: { ...invocation, eventType: 'revoke-access' } });
        },
        lock: { owner: lockOwnerFor(invocation.context.awsRequestId), expiresAtMs: deadline.lockExpiresAtMs },
        runOptions,
        now: Date.now,
        runId: freshUuid(),
      });
      countMetric(invocation, 'ReconcileOrphaned', report.counts.orphaned);
      countMetric(invocation, 'ReconcileMissing', report.counts.missing);
      countMetric(invocation, 'ReconcileUncertain', report.counts.uncertain);
      invocation.logger.info('reconcile finished', { dry_run: report.dryRun, resource_types: report.resourceTypes, ...report.counts, warnings: report.warnings.length });
      return report as unknown as AponoAnswer;
    },
  };
}
