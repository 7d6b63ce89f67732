// Child process: the CLI's dynalite, in memory on 127.0.0.1, with the tables the bench's
// DynamoDB handlers use: our grant table and the Powertools peer's idempotency table. It
// runs beside the measuring processes (the parent blocks in spawnSync while they run), prints
// its endpoint as one JSON line on stdout, and stops when its stdin closes.
const path = require('node:path');
const { dist } = require('./package-dir');
const { loadDynalite } = require(path.join(dist, 'cli/store/embedded-dynalite'));

const GRANTS_TABLE = 'bench-grants';
const IDEMPOTENCY_TABLE = 'bench-idempotency';
const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };

/** The environment every DynamoDB handler of the bench runs with: same endpoint, region and fake credentials. */
function dynamoEnv(endpoint) {
  return {
    // The SDK reads the first; lighter clients (aws-lite) only the second. Both mean dynalite here.
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    GRANTS_TABLE,
    IDEMPOTENCY_TABLE,
    // Node 22 (Lambda's runtime) is not warned about; on the Node 20 of this machine, no client pays for the warning.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

async function createTables(endpoint) {
  // createGrantTable moved from the package root to apono-lambda-kit/stores; take it from either.
  const { createGrantTable } = { ...require(dist), ...require(path.join(dist, 'stores')) };
  await createGrantTable({ endpoint, region: 'us-east-1', credentials }, GRANTS_TABLE);
  const sdk = require('@aws-sdk/client-dynamodb');
  const client = new sdk.DynamoDBClient({ endpoint, region: 'us-east-1', credentials });
  // The table Powertools documents for DynamoDBPersistenceLayer: partition key `id`, on demand.
  await client.send(new sdk.CreateTableCommand({
    TableName: IDEMPOTENCY_TABLE,
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
  client.destroy();
}

/** Starts this file as a child process; resolves once its tables exist. `stop()` ends it. */
function startDynaliteServer() {
  const { spawn } = require('node:child_process');
  const child = spawn(process.execPath, [__filename], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`dynalite-server.js exited with ${code}`)));
    child.stdout.on('data', (data) => {
      out += data;
      if (!out.includes('\n')) return;
      child.removeAllListeners('exit');
      const { endpoint } = JSON.parse(out);
      resolve({ endpoint, env: dynamoEnv(endpoint), stop: () => child.stdin.end() });
    });
  });
}

if (require.main === module) {
  const server = loadDynalite()({ createTableMs: 0 });
  server.listen(0, '127.0.0.1', async () => {
    const endpoint = `http://127.0.0.1:${server.address().port}`;
    await createTables(endpoint);
    process.stdout.write(`${JSON.stringify({ endpoint })}\n`);
  });
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}

module.exports = { dynamoEnv, startDynaliteServer };
