/**
 * The local console `apono-lambda serve` serves at `GET /`: CLI-side only,
 * never imported by `bootstrap()` or a handler, so the Lambda bundle and its cold
 * start do not carry it.
 */
export { createLocalConsole, type LocalConsole, type LocalConsoleOptions } from './local-console';
export { isLoopbackHost } from './console-guard';
