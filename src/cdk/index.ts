export { AponoIntegrationFunction } from './apono-integration-function';
export type { AponoIntegrationFunctionProps, AponoReconcileSchedule } from './apono-integration-function';
export { reconcileEvent, type ReconcileEvent, type ReconcileEventSettings } from './deploy-facts';
export { AponoBuildOutput, AponoConnectorAccessTag, AponoFunctionDefaults } from './deploy-facts';
