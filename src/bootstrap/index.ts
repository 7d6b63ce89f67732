export * from './bootstrap';
export * from './options';
export * from './tokens';
export * from './invocation';
export { setLocalStoreOverride, getLocalStoreOverride } from './local-store-override';
