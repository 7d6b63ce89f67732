import path from 'node:path';
import { type LocalLambda, startLocalLambda } from '../../src/cli/server/start-local-lambda';
import { type RunningPortal, startPortalServer } from '../portal/portal-server';
import { AdminApiKeyVariables } from '../src/admin-api-key/admin-api-key-environment';
import { DEV_ADMIN_API_KEY } from '../src/admin-api-key/local-admin-api-key';
import { PORTAL_RESOURCE_TYPE } from '../src/portal-integration';

// The AWS SDK warns on Node 20 that its 2027 releases will need Node 22: noise in a local demo.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** The function name the example is served under. */
export const EXAMPLE_FUNCTION_NAME = 'apono-portal-integration';

/** Where the stack listens and keeps its data. */
export interface LocalStackOptions {
  portalPort?: number;
  lambdaPort?: number;
  /** Holds portal.json, dynalite/ and serve.json. */
  dataDir: string;
  /** More of the function's configuration (e.g. RECONCILE_REVOKE_UNRECORDED); PORTAL_ORIGIN is always the portal's. */
  environment?: Readonly<Record<string, string>>;
}

/** The running example: the portal, the embedded store and the served integration. */
export interface LocalStack {
  portal: RunningPortal;
  lambda: LocalLambda;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * Starts the whole example on loopback: the project portal, then the
 * integration's handler module served on the Lambda Invoke API with the
 * embedded on-disk grant store (exactly what `apono-lambda serve` runs) and
 * `PORTAL_ORIGIN` pinned to the portal's URL, as the deployed function's
 * configuration pins it.
 *
 * @example
 * ```ts
 * const stack = await startLocalStack({ dataDir: '.data', lambdaPort: 9000 });
 * await stack.close();
 * ```
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const dataDir = path.resolve(options.dataDir);
  const portal = await startPortalServer({
    dataFile: path.join(dataDir, 'portal.json'),
    // The same fallback as the handler's key source (no Secrets Manager ARN locally): $PORTAL_ADMIN_API_KEY, else the dev key.
    adminApiKey: process.env.PORTAL_ADMIN_API_KEY || DEV_ADMIN_API_KEY,
    port: options.portalPort ?? 0,
  });
  try {
    const lambda = await startLocalLambda({
      handlerModule: path.join(__dirname, '../src/handler.ts'),
      functionName: EXAMPLE_FUNCTION_NAME,
      port: options.lambdaPort ?? 0,
      dataDir,
      // As template.yaml pins it in AWS: the admin key goes to this portal and to no base_url elsewhere.
      environment: { ...options.environment, [AdminApiKeyVariables.portalOrigin]: portal.url },
    });
    return {
      portal,
      lambda,
      dataDir,
      close: async () => {
        await lambda.close();
        await portal.close();
      },
    };
  } catch (err) {
    await portal.close();
    throw err;
  }
}

/**
 * The events of the example, with the portal's base URL as custom parameter:
 * Apono's seven, and reconcile's (a dry run, and a run), as a schedule sends them.
 *
 * @example
 * ```ts
 * const events = exampleEvents(stack.portal.url, 'grant-1');
 * ```
 */
export function exampleEvents(portalUrl: string, grantId: string): Record<string, object> {
  const custom_parameters = { base_url: portalUrl };
  const access = { grant_id: grantId, username: 'dana@example.com', resource_type: 'project', resources: ['proj-billing', 'proj-search'], permission: 'writer', custom_parameters };
  const credentials = { username: 'dana@example.com', resource_type: 'project', resources: ['proj-billing'], custom_parameters };
  return {
    'get-status': { event_type: 'get-status', params: { custom_parameters } },
    'list-resources': { event_type: 'list-resources', params: { resource_type: 'project', custom_parameters } },
    'grant-access': { event_type: 'grant-access', params: access },
    'revoke-access': { event_type: 'revoke-access', params: access },
    'create-credentials': { event_type: 'create-credentials', params: credentials },
    'reset-credentials': { event_type: 'reset-credentials', params: credentials },
    'delete-credentials': { event_type: 'delete-credentials', params: credentials },
    'reconcile-dry-run': { event_type: 'apono-lambda-kit:reconcile', params: { resource_types: [PORTAL_RESOURCE_TYPE], dry_run: true, custom_parameters } },
    reconcile: { event_type: 'apono-lambda-kit:reconcile', params: { resource_types: [PORTAL_RESOURCE_TYPE], dry_run: false, custom_parameters } },
  };
}
