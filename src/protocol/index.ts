export * from './constants';
export * from './types/wire';
export * from './types/method-results';
export * from './requests';
export * from './event-envelope';
export * from './request-reader';
export * from './answers';
