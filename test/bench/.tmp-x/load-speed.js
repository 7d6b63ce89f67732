const path = require('node:path');
const dist = '/work/main/dist';
const { fork } = require('node:child_process');
const N = Number(process.argv[2] ?? 20000), CONC = Number(process.argv[3] ?? 4);
if (process.argv[2] === 'serve') {
  const { loadDynalite } = require(path.join(dist, 'cli/store/load-dynalite'));
  const server = loadDynalite()({ createTableMs: 0 });
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('disconnect', () => process.exit(0));
} else (async () => {
  const child = fork(__filename, ['serve']);
  const { port } = await new Promise((r) => child.once('message', r));
  const kit = require(dist); const sdk = require('@aws-sdk/client-dynamodb');
  const lib = { ...require(path.join(dist, 'grants/grant-records')), ...require(path.join(dist, 'grants/payload-hash')), ...require(path.join(dist, 'grants/dynamodb/record-items')) };
  const client = new sdk.DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: { accessKeyId: 'b', secretAccessKey: 'b' } });
  await kit.createGrantTable(client, 'tbl');
  const t = performance.now(); let next = 0; let buildMs = 0;
  const worker = async () => { while (next < N) { const b = []; const t0 = performance.now(); while (b.length < 25 && next < N) { const i = next++; const intent = { grantId: `g-${i}`, username: `u-${i}@x.com`, resourceType: 'project', resources: [`p-${i % 997}`], permission: 'reader' }; const lock = { owner: 'l', expiresAtMs: 5 }; const rec = lib.grantedRecord(lib.newRecord(intent, lib.hashGrantPayload(intent), 'GRANTING', lock, 1), lock, 2, { m: [`m-${i}`] }); b.push({ PutRequest: { Item: lib.grantItem(rec) } }); } buildMs += performance.now() - t0; await client.send(new sdk.BatchWriteItemCommand({ RequestItems: { tbl: b } })); } };
  await Promise.all(Array.from({ length: CONC }, worker));
  console.log(N, CONC, ((performance.now() - t) / 1000).toFixed(1), 's; building', (buildMs / 1000).toFixed(1), 's; cpu main', (process.cpuUsage().user / 1e6).toFixed(1));
  child.kill(); client.destroy();
})();
