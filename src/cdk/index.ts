export { AponoIntegrationFunction } from './apono-integration-function';
export type { AponoIntegrationFunctionProps, AponoReconcileSchedule } from './apono-integration-function';
export { reconcileEvent, type ReconcileEvent, type ReconcileEventSettings } from './reconcile-event';
export { AponoBuildOutput, AponoConnectorAccessTag, AponoFunctionDefaults } from './constants';
