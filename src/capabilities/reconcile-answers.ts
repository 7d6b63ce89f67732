import { InvalidEventError } from '../errors';
import { freshUuid, lockOwnerFor } from '../bootstrap/invocation';
import type { GrantRecord } from '../grants/records';
import { countMetric } from '../metrics/emf';
import { assertAnswerFits } from '../protocol/answers';
import { revokeRequestWith, type AccessEntry, type ListAccessEventRequest, type ListAccessRequest, type ReconcileRequest } from '../protocol/requests';
import type { ListAccessAnswer } from '../protocol/types';
import { checkedAccessEntries } from '../reconcile/access-matcher';
import { reconcile, type AccessToRevoke } from '../reconcile/reconcile';
import type { ReconcileReport } from '../reconcile/types';
import type { RouteContext } from './capability-table';
import type { IntegrationDefinition } from './integration-definition';

/**
 * The answer of `apono-lambda-kit:list-access`: `@ListAccess`'s entries, checked as reconcile checks them.
 * @example const answer = await listAccessAnswer(ctx); // { resource_type: 'project', entries: [...] }
 */
export async function listAccessAnswer(ctx: RouteContext<ListAccessEventRequest>): Promise<ListAccessAnswer> {
  const { resourceType, customParameters } = ctx.request;
  const label = ctx.label(resourceType);
  const listed = await ctx.call<Iterable<unknown> | AsyncIterable<unknown>>({ resourceType, customParameters });
  const entries: AccessEntry[] = [];
  for await (const entry of checkedAccessEntries(listed, label, resourceType)) entries.push(entry);
  const answer = { resource_type: resourceType, entries };
  assertAnswerFits(answer, `the list-access answer of ${label}`);
  return answer;
}

/** Refuses undeclared resource types before anything is read. */
function assertDeclared(definition: IntegrationDefinition, resourceTypes: readonly string[]): void {
  const declared = definition.resourceTypes;
  if (declared === undefined) return;
  const index = resourceTypes.findIndex((type) => !declared.has(type));
  if (index >= 0) {
    throw new InvalidEventError(
      `params.resource_types[${index}]: "${resourceTypes[index]?.slice(0, 100)}" is not a resource type of ${definition.className} ` +
        `(it declares ${[...declared.keys()].join(', ')}); nothing was read or revoked.`,
    );
  }
}

/** The answer of `apono-lambda-kit:reconcile` (docs/capabilities.md#reconcile); one log line with the counts. @example const report = await reconcileAnswer(ctx); */
export async function reconcileAnswer(ctx: RouteContext<ReconcileRequest>): Promise<ReconcileReport> {
  const { request: req, invocation, deadline, deps, definition } = ctx;
  assertDeclared(definition, req.resourceTypes);
  const report = await reconcile({
    store: deps.store,
    ledger: deps.grants,
    resourceTypes: [...new Set(req.resourceTypes)],
    dryRun: req.dryRun === true,
    options: deps.reconcile,
    label: (resourceType) => ctx.label(resourceType),
    listAccess: (resourceType) => {
      const listRequest: ListAccessRequest = { resourceType, customParameters: req.customParameters as Record<string, unknown> };
      return deadline.race(ctx.call(listRequest));
    },
    revoke: async (access: AccessToRevoke, record: GrantRecord | undefined) => {
      const revokeRequest = revokeRequestWith({ ...access, customParameters: req.customParameters }, record);
      await ctx.callOther('Revoke', revokeRequest, { ...invocation, eventType: 'revoke-access' });
    },
    lock: { owner: lockOwnerFor(invocation.context.awsRequestId), expiresAtMs: deadline.lockExpiresAtMs },
    runOptions: { deadline, logger: invocation.logger, holdOpen: (work) => ctx.holdOpen(work) },
    now: Date.now,
    runId: freshUuid(),
  });
  countMetric(invocation, 'ReconcileOrphaned', report.counts.orphaned);
  countMetric(invocation, 'ReconcileMissing', report.counts.missing);
  countMetric(invocation, 'ReconcileUncertain', report.counts.uncertain);
  invocation.logger.info('reconcile finished', { dry_run: report.dryRun, resource_types: report.resourceTypes, ...report.counts, warnings: report.warnings.length });
  return report;
}
