import type { ReconcileOptions } from 'apono-lambda-kit';
import type { EnvironmentVariables } from './admin-api-key/admin-api-key-environment';

/** The function's environment variable that opts reconcile in to removing hand-made memberships. */
export const RECONCILE_REVOKE_UNRECORDED = 'RECONCILE_REVOKE_UNRECORDED';

/**
 * Reconcile's options from the function's configuration (the `ReconcileRevokeUnrecorded`
 * parameter of template.yaml), not from the event: whoever can send the reconcile
 * event (a schedule, an operator) should not decide by themselves that hand-made
 * access is removed. Unset or `false`: hand-made memberships are reported only.
 * `true`: reconcile removes them too.
 *
 * @throws Error at cold start for any other value: a typo in a safety switch must not pass silently.
 * @example
 * ```ts
 * bootstrap(PortalIntegration, { store, reconcile: reconcileOptionsFrom(process.env) });
 * ```
 */
export function reconcileOptionsFrom(env: EnvironmentVariables): ReconcileOptions {
  const value = env[RECONCILE_REVOKE_UNRECORDED]?.trim().toLowerCase() ?? '';
  if (value === '' || value === 'false') return { revokeUnrecorded: false };
  if (value === 'true') return { revokeUnrecorded: true };
  throw new Error(`${RECONCILE_REVOKE_UNRECORDED} must be true or false, got "${value.slice(0, 20)}"`);
}
