export * from './types';
export { reconcile, ReconcileDefaults, RECONCILE_GRANT_ID_PREFIX, type ReconcileRun, type AccessToRevoke } from './reconcile';
