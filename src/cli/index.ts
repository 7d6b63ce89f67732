/**
 * The programmatic API of the `apono-lambda` CLI, for scripts and tests that
 * run an integration locally.
 */
export { createProgram } from './program';
export { startLocalLambda, type LocalLambda, type LocalLambdaOptions } from './server/start-local-lambda';
export { startInvokeApiServer, type InvokeApiServerOptions, type RunningInvokeApiServer } from './server/invoke-api-server';
export { startEmbeddedDynalite, type EmbeddedDynalite, type EmbeddedDynaliteOptions } from './store/embedded-dynalite';
export { loadHandler } from './handler/load-handler-module';
export { createLambdaContext, type LocalLambdaContext, type LambdaContextOptions } from './handler/lambda-context';
export { runInvocation, type LambdaHandler, type InvocationOutcome, type FunctionErrorPayload } from './handler/run-invocation';
export {
  buildEvent,
  readEventFile,
  resolveEventArgument,
  parseKeyValuePairs,
  type EventOverrides,
  type BuildEventOptions,
  type BuiltEvent,
} from './events/build-event';
export { RequiredParams } from './events/required-params';
export { withLocalGrantStore } from './grants/open-local-grant-store';
export { formatGrantTable, formatGrantRecord } from './grants/format-grant-records';
export { CliDefaults } from './constants';
