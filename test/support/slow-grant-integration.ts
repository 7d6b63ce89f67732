import { appendFileSync } from 'node:fs';
import { bootstrap, DynamoDbGrantStore, Grant, Integration, ListResources, Revoke } from 'apono-lambda-kit';
import type { GrantRequest, Invocation, ListResourcesRequest, RevokeRequest } from 'apono-lambda-kit';
import { injectable } from 'tsyringe';

/*
 * Tests start this module in a `serve` child process; they import its types only
 * (importing the module would bootstrap a handler in the test process).
 */

/** The environment variable naming the file the fixture appends one JSON line to per method call. */
const SLOW_GRANT_JOURNAL_ENV = 'SLOW_GRANT_JOURNAL';

/** One line of the journal (`$SLOW_GRANT_JOURNAL`): a method call the fixture saw. */
export type SlowGrantJournalEntry =
  | { method: 'grant'; grantId: string; requestId: string; hang: boolean }
  | { method: 'granted'; grantId: string; requestId: string }
  | { method: 'revoke'; grantId: string; requestId: string; data: Record<string, unknown> | null };

function record(entry: SlowGrantJournalEntry): void {
  const file = process.env[SLOW_GRANT_JOURNAL_ENV];
  if (file === undefined || file === '') throw new Error(`the slow-grant fixture needs $${SLOW_GRANT_JOURNAL_ENV} (a file path)`);
  // Synchronous, so the line is on disk before the grant hangs (and before a SIGKILL can land).
  appendFileSync(file, `${JSON.stringify(entry)}\n`);
}

/**
 * A fixture for crash tests: its grant, when the custom parameter `hang` is
 * `yes`, journals that it started and then never finishes (so the process can be
 * killed while it holds the grant's lock); otherwise it grants at once with
 * `{ data: { membershipId } }`. Its revoke journals the tracked `data` it got.
 * `hang` is a custom parameter, so it is not part of the grant's payload hash:
 * a hanging grant and its non-hanging retry are the same grant.
 */
@injectable()
export class SlowGrantIntegration extends Integration {
  @ListResources()
  projects(_req: ListResourcesRequest) {
    return { resources: [{ id: 'proj-billing', name: 'Billing' }], permissions: [{ id: 'reader', name: 'Reader' }] };
  }

  @Grant()
  async grant(req: GrantRequest, invocation: Invocation) {
    const hang = req.customParameters.hang === 'yes';
    record({ method: 'grant', grantId: req.grantId, requestId: invocation.context.awsRequestId, hang });
    if (hang) await new Promise(() => undefined);
    // `sleep_ms`: a client without abort support, that ignores the signal and lands late.
    const sleepMs = Number(req.customParameters.sleep_ms ?? 0);
    if (sleepMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, sleepMs));
      record({ method: 'granted', grantId: req.grantId, requestId: invocation.context.awsRequestId });
    }
    return { data: { membershipId: `mem-${req.grantId}` } };
  }

  @Revoke()
  revoke(req: RevokeRequest, invocation: Invocation) {
    record({ method: 'revoke', grantId: req.grantId, requestId: invocation.context.awsRequestId, data: req.grant?.data ?? null });
  }
}

/** Exactly what a production handler module exports. */
export const handler = bootstrap(SlowGrantIntegration, {
  store: new DynamoDbGrantStore({ tableName: process.env.GRANTS_TABLE ?? 'apono-grants' }),
});
