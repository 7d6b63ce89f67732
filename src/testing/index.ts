// Test helpers: import from 'apono-lambda-kit/testing'. The framework's own entry loads reflect-metadata.
import 'reflect-metadata';

export * from './create-test-harness';
export * from './fake-lambda-context';
/** What `harness.reconcile()` (and the reconcile event) answers. */
export type { ReconcileReport } from '../reconcile/types';
