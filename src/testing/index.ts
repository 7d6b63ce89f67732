// Test helpers: import from 'apono-lambda-kit/testing'. The framework's own entry loads reflect-metadata.
import 'reflect-metadata';

export * from './create-test-harness';
export * from './fake-lambda-context';
