// The decorators' home is src/capabilities/decorators.ts; this entry keeps the import path short.
export * from './capabilities/decorators';
export type * from './capabilities/method-signatures';
