export * from './types';
export * from './redaction';
export * from './json-logger';
export * from './correlated-logger';
