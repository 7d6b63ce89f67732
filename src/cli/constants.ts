/** Defaults of the `apono-lambda` CLI, in one place so the commands, the API and the docs agree. */
export const CliDefaults = {
  /** The port `serve` listens on, like `sam local start-lambda`'s 3001 but memorable. */
  port: 9000,
  /** Loopback only: the endpoint runs user code with the user's credentials. */
  host: '127.0.0.1',
  functionName: 'apono-integration',
  exportName: 'handler',
  timeoutSeconds: 30,
  memoryLimitInMB: 128,
  region: 'us-east-1',
  /** The account id Lambda's local emulators conventionally use in ARNs. */
  accountId: '000000000000',
  dataDir: '.data',
  tableName: 'apono-grants',
  store: 'dynamodb',
} as const;

/** The grant stores of `serve` and `invoke`: embedded on-disk DynamoDB, memory, or the module's own. */
export const StoreKinds = ['dynamodb', 'memory', 'module'] as const;

/** One of {@link StoreKinds}. */
export type StoreKind = (typeof StoreKinds)[number];
