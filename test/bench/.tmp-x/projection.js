const path = require('node:path'); const { fork } = require('node:child_process');
const dist = '/work/main/dist';
(async () => {
  const child = fork(path.join(__dirname, '../reconcile-scale.js'), ['--dynalite-server'], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
  const { endpoint } = await new Promise((r) => child.once('message', r));
  const sdk = require('@aws-sdk/client-dynamodb');
  const { grantRecordFromItem } = require(path.join(dist, 'grants/dynamodb/record-items'));
  const client = new sdk.DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'b', secretAccessKey: 'b' } });
  const run = async (label, extra, segments = 1) => {
    const t = performance.now(); const c0 = process.cpuUsage(); let n = 0, scans = 0, units = 0;
    await Promise.all(Array.from({ length: segments }, async (_, seg) => {
      let key;
      do {
        const out = await client.send(new sdk.ScanCommand({ TableName: 'bench-reconcile', FilterExpression: 'begins_with(#pk, :prefix) AND attribute_exists(#status)', ExpressionAttributeNames: { '#pk': 'pk', '#status': 'status', ...(extra.names ?? {}) }, ExpressionAttributeValues: { ':prefix': { S: 'GRANT#' } }, Limit: 1000, ExclusiveStartKey: key, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL', ...(segments > 1 ? { Segment: seg, TotalSegments: segments } : {}), ...(extra.projection ? { ProjectionExpression: extra.projection } : {}) }));
        for (const item of out.Items) { grantRecordFromItem(item); n++; }
        scans++; units += out.ConsumedCapacity.CapacityUnits * 2; key = out.LastEvaluatedKey;
      } while (key);
    }));
    const cpu = process.cpuUsage(c0);
    console.log(label, n, 'records', ((performance.now() - t) / 1000).toFixed(2), 's wall,', ((cpu.user + cpu.system) / 1e6).toFixed(2), 's client CPU,', scans, 'Scans,', units, 'RCU');
  };
  const proj = { projection: 'pk, grantId, #status, username, resourceType, resources, #permission, updatedAtMs, lockExpiresAtMs', names: { '#permission': 'permission' } };
  for (let k = 0; k < 2; k++) {
    await run('full items      ', {});
    await run('projected fields', proj);
  }
  await run('full, 2 segments', {}, 2);
  await run('full, 4 segments', {}, 4);
  client.destroy(); child.kill();
})();
