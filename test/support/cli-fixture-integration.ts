import {
  bootstrap,
  CreateCredentials,
  DeleteCredentials,
  DynamoDbGrantStore,
  Grant,
  Integration,
  ListResources,
  ResetCredentials,
  Revoke,
} from 'apono-lambda-kit';
import type { AponoHandler, CredentialsRequest, GrantRequest, ListResourcesRequest, RevokeRequest } from 'apono-lambda-kit';
import { injectable } from 'tsyringe';

/** A username that makes every method throw: drives function-error tests. */
export const FAILING_USERNAME = 'fail@example.com';
/** A username whose grant never finishes: drives timeout tests. */
export const HANGING_USERNAME = 'hang@example.com';

/**
 * A production-shaped integration for the CLI tests: no outside service, every
 * capability, and a revoke that refuses to run without the tracked record when
 * the event's custom parameter `expect_record` is `yes`.
 */
@injectable()
export class CliFixtureIntegration extends Integration {
  @ListResources()
  projects(req: ListResourcesRequest) {
    return {
      resources: [
        { id: 'proj-billing', name: 'Billing', metadata: { environment: 'production' } },
        { id: 'proj-search', name: `Search (${req.resourceType})` },
      ],
      permissions: [{ id: 'reader', name: 'Reader' }],
    };
  }

  @Grant()
  async grant(req: GrantRequest) {
    failFor(req.username);
    if (req.username === HANGING_USERNAME) await new Promise(() => undefined);
    return { data: { membershipIds: req.resources.map((resource) => `mem-${resource}`) } };
  }

  @Revoke()
  revoke(req: RevokeRequest) {
    failFor(req.username);
    if (req.customParameters.expect_record === 'yes' && req.grant === undefined) {
      throw new Error('revoke ran without the tracked grant record');
    }
  }

  @CreateCredentials()
  create(req: CredentialsRequest) {
    failFor(req.username);
    return { secret: `token-for-${req.username}` };
  }

  @ResetCredentials()
  reset(req: CredentialsRequest) {
    return { secret: `rotated-token-for-${req.username}` };
  }

  @DeleteCredentials()
  remove(req: CredentialsRequest) {
    failFor(req.username);
  }
}

function failFor(username: string): void {
  if (username === FAILING_USERNAME) {
    const error = new Error('the fixture integration refuses this user');
    error.name = 'FixtureRefusalError';
    throw error;
  }
}

/**
 * Exactly what a production handler module exports: the integration over the
 * DynamoDB ledger `GRANTS_TABLE` names (`serve` points it at its embedded table).
 * Every integration the CLI and console tests serve exports one.
 *
 * @example
 * ```ts
 * export const handler = productionHandler(ConsoleE2eIntegration);
 * ```
 */
export function productionHandler(integrationClass: Parameters<typeof bootstrap>[0]): AponoHandler {
  return bootstrap(integrationClass, { store: new DynamoDbGrantStore({ tableName: process.env.GRANTS_TABLE ?? 'apono-grants' }) });
}

export const handler = productionHandler(CliFixtureIntegration);
