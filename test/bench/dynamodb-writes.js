// Child process: counts the DynamoDB requests the bundled handler sends per event, by
// operation, at a real DynamoDB-API server (dynalite on 127.0.0.1).
const path = require('node:path');
const { dist } = require('./package-dir');
// The CLI's dynalite, taught ReturnValuesOnConditionCheckFailure as DynamoDB does it.
const { loadDynalite } = require(path.join(dist, 'cli/store/embedded-dynalite'));

(async () => {
  const [file] = process.argv.slice(2);
  const server = loadDynalite()({ createTableMs: 0 });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const counts = {};
  server.on('request', (req) => {
    const op = String(req.headers['x-amz-target'] ?? '').split('.').pop();
    counts[op] = (counts[op] ?? 0) + 1;
  });
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${server.address().port}`,
    AWS_ENDPOINT_URL: `http://127.0.0.1:${server.address().port}`, // what lighter clients (aws-lite) read
    AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', GRANTS_TABLE: 'bench-grants',
  });
  const { createGrantTable } = require(path.join(dist, 'stores'));
  await createGrantTable({ endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB, region: 'us-east-1', credentials: { accessKeyId: 'b', secretAccessKey: 'b' } }, 'bench-grants');
  const { handler } = await import(file);
  const context = { awsRequestId: 'bench', functionName: 'bench', getRemainingTimeInMillis: () => 30_000 };
  const event = (type) => ({ event_type: type, params: { grant_id: 'g-1', username: 'dana@example.com', resource_type: 'project', resources: ['resource1'], permission: 'reader', custom_parameters: {} } });
  const measure = async (type) => {
    for (const key of Object.keys(counts)) delete counts[key];
    await handler(event(type), context).catch((err) => ({ error: err.name }));
    return { ...counts };
  };
  const result = {
    getStatus: await measure('get-status'),
    grant: await measure('grant-access'),
    replayedGrant: await measure('grant-access'),
    revoke: await measure('revoke-access'),
    replayedRevoke: await measure('revoke-access'),
  };
  process.stderr.write(`${JSON.stringify(result)}\n`);
  server.close();
})();
