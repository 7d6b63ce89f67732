import { bootstrap, DynamoDbGrantStore } from 'apono-lambda-kit';
import { PortalIntegration } from './portal-integration';
import { portalProviders } from './portal-providers';
import { reconcileOptionsFrom } from './reconcile-settings';

/** The Lambda handler: `index.handler` once built with `apono-lambda build`. */
export const handler = bootstrap(PortalIntegration, {
  store: new DynamoDbGrantStore({ tableName: process.env.GRANTS_TABLE ?? 'apono-grants' }),
  providers: portalProviders(),
  reconcile: reconcileOptionsFrom(process.env),
});
