/**
 * Injection tokens the framework registers. Strings, not symbols, so that two
 * bundled copies of the package agree on them.
 *
 * Root (one per cold start): `GrantStore`, `RootLogger`.
 * Invocation (a child container per event, disposed after): `LambdaContext`,
 * `Logger`, `Invocation`, `Request`.
 *
 * @example
 * ```ts
 * constructor(@inject(Tokens.Logger) private readonly logger: Logger) { super(); }
 * ```
 */
export const Tokens = {
  GrantStore: 'apono-lambda-kit:GrantStore',
  RootLogger: 'apono-lambda-kit:RootLogger',
  LambdaContext: 'apono-lambda-kit:LambdaContext',
  Logger: 'apono-lambda-kit:Logger',
  Invocation: 'apono-lambda-kit:Invocation',
  Request: 'apono-lambda-kit:Request',
} as const;
