#!/usr/bin/env node
// Reconcile at scale (issue 8, item 5): N GRANTED records on dynalite against N
// `@ListAccess` entries, through a real bootstrap() handler (dist/), dry run.
//
//   node --expose-gc test/bench/reconcile-scale.js          # 100 000 records and entries
//   BENCH_RECONCILE_RECORDS=20000 node --expose-gc test/bench/reconcile-scale.js
//   BENCH_RECONCILE_PAGE_SIZES=100,1000,0 …                  # also time the ledger read per Scan Limit (0: none, 1 MB pages)
//
// dynalite runs in a child process (on 127.0.0.1), so the heap measured here is the
// handler's alone, not the server's. Memory is reported as ratios against baselines
// measured in the same process: the entries held as an array, and the records held
// as the store returns them. A summary goes to stdout; the last line of stderr is JSON
// (what run.js reads).
const { fork } = require('node:child_process');
const path = require('node:path');

const dist = path.resolve(__dirname, '../../dist');

/**
 * The server process: the CLI's dynalite, in memory, on a free port of 127.0.0.1,
 * with the grants table created and loaded here (so the loading's garbage and RSS
 * stay out of the measuring process).
 */
function serve() {
  const { loadDynalite } = require(path.join(dist, 'cli/store/load-dynalite'));
  const server = loadDynalite()({ createTableMs: 0 });
  process.on('disconnect', () => process.exit(0));
  server.listen(0, '127.0.0.1', async () => {
    const endpoint = `http://127.0.0.1:${server.address().port}`;
    const kit = require(dist);
    const sdk = require('@aws-sdk/client-dynamodb');
    const client = new sdk.DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, maxAttempts: 1 });
    await kit.createGrantTable(client, TABLE);
    const start = performance.now();
    const itemBytes = await load(client, sdk);
    process.send({ endpoint, itemBytes, loadMs: performance.now() - start });
    client.destroy();
  });
}

function startServer() {
  const child = fork(__filename, ['--dynalite-server'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the dynalite process exited (${code})`)));
    child.once('message', (loaded) => resolve({ ...loaded, stop: () => child.kill() }));
  });
}

const RECORDS = Number(process.env.BENCH_RECONCILE_RECORDS ?? 100_000);
/** Records the application no longer shows (missing), and entries made by hand (orphaned, no record). */
const MISSING = Math.max(1, Math.round(RECORDS / 200));
const HAND_MADE = MISSING;
const PAGE_SIZES = (process.env.BENCH_RECONCILE_PAGE_SIZES ?? '').split(',').filter((s) => s !== '').map(Number);
const TABLE = 'bench-reconcile';
const gc = () => {
  if (global.gc === undefined) throw new Error('run with node --expose-gc');
  global.gc();
  global.gc();
};
const mb = (bytes) => bytes / 1024 / 1024;

if (process.argv[2] === '--dynalite-server') serve();
else main().catch((err) => {
  console.error(err);
  process.exit(1);
});

/** The i-th grant: what Apono asked for (a tenth of the users hold admin, every grant two resources on every tenth). */
function intentOf(i) {
  const resources = i % 10 === 0 ? [`proj-${i % 997}`, `proj-${(i + 1) % 997}`] : [`proj-${i % 997}`];
  return { grantId: `g-${String(i).padStart(7, '0')}-${(i * 2654435761 >>> 0).toString(16)}`, username: `user-${i}@example.com`, resourceType: 'project', resources, permission: i % 10 === 3 ? 'admin' : 'reader' };
}

/** The application's access: one entry per shown record (half carry the grantId, as the framework's grants keep it), then the hand-made ones. */
function* applicationEntries() {
  for (let i = 0; i < RECORDS - MISSING; i++) {
    const { grantId, username, resources, permission } = intentOf(i);
    yield i % 2 === 0 ? { username, resources, permission, grantId } : { username, resources, permission };
  }
  for (let j = 0; j < HAND_MADE; j++) yield { username: `hand-${j}@example.com`, resources: [`proj-${j % 997}`], permission: 'reader' };
}

/** The record builders the ledger itself uses (dist/). */
let recordLibCache;
function recordLib() {
  return recordLibCache ??= {
    ...require(path.join(dist, 'grants/grant-records')),
    ...require(path.join(dist, 'grants/payload-hash')),
    ...require(path.join(dist, 'grants/dynamodb/record-items')),
    ...require(path.join(dist, 'grants/item-size')),
  };
}

/** The grant record of intent i as the ledger leaves it (GRANTING, then GRANTED with the method's data), and its item. */
function recordOf(i) {
  const lib = recordLib();
  const intent = intentOf(i);
  const now = 1_760_000_000_000 + i;
  const lock = { owner: `lambda:req-${i}`, expiresAtMs: now + 30_000 };
  const granting = lib.newRecord(intent, lib.hashGrantPayload(intent), 'GRANTING', lock, now);
  return lib.grantedRecord(granting, lock, now + 120, { membershipIds: intent.resources.map((_, k) => `m-${i}-${k}`) });
}

/** Writes the records with BatchWriteItem (25 items a request, a few in flight), as the store's own items. */
async function load(client, sdk) {
  const lib = recordLib();
  let next = 0;
  let itemBytes = 0;
  const worker = async () => {
    while (next < RECORDS) {
      const batch = [];
      while (batch.length < 25 && next < RECORDS) {
        const record = recordOf(next++);
        const item = lib.grantItem(record);
        itemBytes += lib.dynamoItemBytes({ ...record, pk: item.pk.S });
        batch.push({ PutRequest: { Item: item } });
      }
      let request = { [TABLE]: batch };
      while (request !== undefined && Object.keys(request).length > 0) {
        const out = await client.send(new sdk.BatchWriteItemCommand({ RequestItems: request }));
        request = out.UnprocessedItems;
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return itemBytes;
}

/**
 * Counts Scans, and asks for (and adds up) the capacity each consumed: the store does
 * not ask for it. dynalite's Scan validation drops `ConsistentRead`, so it bills every
 * Scan as eventually consistent (half a unit per 4 KB); the store's Scans are strongly
 * consistent, which DynamoDB bills at twice that: `consistentUnits`.
 */
function countScans(client, onScan) {
  const totals = { scans: 0, capacityUnits: 0, scanned: 0, returned: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'ScanCommand') return next(args);
      args.input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      totals.scans++;
      totals.capacityUnits += (result.output.ConsumedCapacity?.CapacityUnits ?? 0) * (args.input.ConsistentRead ? 2 : 1);
      totals.scanned += result.output.ScannedCount ?? 0;
      totals.returned += result.output.Count ?? 0;
      onScan();
      return result;
    },
    { step: 'initialize', name: 'benchCountScans' },
  );
  return {
    totals,
    reset: () => Object.assign(totals, { scans: 0, capacityUnits: 0, scanned: 0, returned: 0 }),
  };
}

/** heapUsed and rss peaks, sampled whenever `sample()` is called (each Scan, every 1 000 entries) and every few ms. */
function memorySampler() {
  const peak = { heapUsed: 0, rss: 0 };
  const sample = () => {
    const { heapUsed, rss } = process.memoryUsage();
    if (heapUsed > peak.heapUsed) peak.heapUsed = heapUsed;
    if (rss > peak.rss) peak.rss = rss;
  };
  const timer = setInterval(sample, 2);
  return { peak, sample, stop: () => clearInterval(timer) };
}

/** Live heap (after a full GC) that holding what `make()` returns costs. */
function heapOf(make) {
  gc();
  const before = process.memoryUsage().heapUsed;
  const held = make();
  gc();
  const bytes = process.memoryUsage().heapUsed - before;
  return { bytes, held };
}

function integrationClass(kit, hooks) {
  class ScaleIntegration extends kit.Integration {
    list() {
      return { resources: [], permissions: [] };
    }
    grant() {}
    revoke() {}
    /** The application's API, a page of 1 000 at a time. */
    async *access() {
      hooks.started();
      let n = 0;
      for (const entry of applicationEntries()) {
        yield entry;
        if (++n % 1000 === 0) {
          hooks.sample();
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      hooks.finished();
    }
  }
  ScaleIntegration.resourceTypes = { project: ['reader', 'admin'] };
  // What `@ListResources() list() {…}` compiles to (experimentalDecorators), written by hand in plain JS.
  for (const [decorator, name] of [[kit.ListResources, 'list'], [kit.Grant, 'grant'], [kit.Revoke, 'revoke'], [kit.ListAccess, 'access']]) {
    decorator()(ScaleIntegration.prototype, name, Object.getOwnPropertyDescriptor(ScaleIntegration.prototype, name));
  }
  return ScaleIntegration;
}

async function main() {
  const kit = require(dist);
  const sdk = require('@aws-sdk/client-dynamodb');
  const { LedgerIndex } = require(path.join(dist, 'reconcile/ledger-index'));

  const server = await startServer();
  const client = new sdk.DynamoDBClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, maxAttempts: 1 });
  try {
    const { itemBytes, loadMs } = server;
    const sampler = { sample: () => {} };
    const scans = countScans(client, () => sampler.sample());
    const store = new kit.DynamoDbGrantStore({ tableName: TABLE, client });
    const phases = {};
    const hooks = {
      sample: () => sampler.sample(),
      started: () => {
        phases.streamStart = performance.now();
        phases.readCpu = process.cpuUsage(phases.cpuStart);
      },
      finished: () => {
        // Every entry is matched and the index is at its largest: what is alive now is what reconcile holds.
        phases.streamEnd = performance.now();
        gc();
        phases.liveHeapAtEnd = process.memoryUsage().heapUsed;
        phases.gcMs = performance.now() - phases.streamEnd;
      },
    };
    const handler = kit.bootstrap(integrationClass(kit, hooks), { store, logger: { debug() {}, info() {}, warn() {}, error() {} } });
    const context = { awsRequestId: 'bench-reconcile', functionName: 'bench', getRemainingTimeInMillis: () => 900_000 };
    const event = { event_type: 'apono-lambda-kit:reconcile', params: { resource_types: ['project'], custom_parameters: {}, dry_run: true } };
    await handler({ event_type: 'get-status', params: { custom_parameters: {} } }, context); // init and the SDK's first use out of the figure

    gc();
    const before = process.memoryUsage();
    const memory = memorySampler();
    Object.assign(sampler, memory);
    const start = performance.now();
    phases.cpuStart = process.cpuUsage();
    const report = await handler(event, context);
    const end = performance.now();
    const wallMs = end - start - phases.gcMs;
    memory.stop();
    const reconcileScans = { ...scans.totals };
    gc();
    const retainedBytes = process.memoryUsage().heapUsed - before.heapUsed;

    const expected = { records: RECORDS, accessEntries: RECORDS - MISSING + HAND_MADE, orphaned: HAND_MADE, missing: MISSING, uncertain: 0, revoked: 0 };
    for (const [key, value] of Object.entries(expected)) {
      if (report.counts[key] !== value) throw new Error(`report.counts.${key}: ${report.counts[key]}, expected ${value}`);
    }

    // Baselines, same process: the entries alone, and the records as the store returns them (one full read).
    const entries = heapOf(() => Array.from(applicationEntries()));
    const entriesBytes = entries.bytes;
    entries.held = undefined;
    const recordsLive = await liveBytesOf(async () => {
      const all = [];
      let cursor;
      do {
        const page = await store.page({ cursor });
        for (const r of page.records) all.push(r);
        cursor = page.cursor;
      } while (cursor !== undefined);
      return all;
    });

    const pageSizes = [];
    for (const limit of PAGE_SIZES) {
      scans.reset();
      const t = performance.now();
      const index = await LedgerIndex.read(store, ['project'], limit === 0 ? Number.MAX_SAFE_INTEGER : limit);
      pageSizes.push({ limit, ms: performance.now() - t, records: index.size, ...scans.totals });
    }

    const result = {
      records: RECORDS,
      accessEntries: report.counts.accessEntries,
      counts: report.counts,
      loadMs,
      wallMs,
      ledgerReadMs: phases.streamStart - start,
      /** CPU this process spent in the ledger read (the SDK's parsing, records, the index); the rest is dynalite's. */
      ledgerReadCpuMs: (phases.readCpu.user + phases.readCpu.system) / 1000,
      matchMs: phases.streamEnd - phases.streamStart,
      reportMs: end - phases.streamEnd - phases.gcMs,
      heap: {
        beforeBytes: before.heapUsed,
        peakDeltaBytes: memory.peak.heapUsed - before.heapUsed,
        liveAtEndBytes: phases.liveHeapAtEnd - before.heapUsed,
        retainedAfterBytes: retainedBytes,
      },
      rss: { beforeBytes: before.rss, peakBytes: memory.peak.rss, peakDeltaBytes: memory.peak.rss - before.rss },
      baselines: { entriesArrayBytes: entriesBytes, recordsAsReadBytes: recordsLive },
      scans: reconcileScans,
      itemBytes,
      expectedCapacityUnits: Math.ceil(itemBytes / 4096),
      pageSizes,
    };
    summarise(result);
    process.stderr.write(JSON.stringify(result) + '\n');
  } finally {
    client.destroy();
    server.stop();
  }
}

/** Live heap (after a full GC) of what the async `make()` resolves to, while it is held. */
async function liveBytesOf(make) {
  await new Promise((resolve) => setImmediate(resolve)); // no frame still holds what was measured before
  gc();
  const before = process.memoryUsage().heapUsed;
  const held = await make();
  gc();
  const bytes = process.memoryUsage().heapUsed - before;
  if (held.length === 0) throw new Error('nothing held');
  return bytes;
}

function summarise(r) {
  const line = (s) => process.stdout.write(s + '\n');
  line(`reconcile: ${r.accessEntries} entries × ${r.records} records on dynalite, dry run (loading them took ${(r.loadMs / 1000).toFixed(1)} s)`);
  line(`  wall ${(r.wallMs / 1000).toFixed(2)} s = ledger read ${(r.ledgerReadMs / 1000).toFixed(2)} s (${r.scans.scans} Scans; ${(r.ledgerReadCpuMs / 1000).toFixed(2)} s CPU here) + matching ${(r.matchMs / 1000).toFixed(2)} s + report ${(r.reportMs / 1000).toFixed(2)} s`);
  line(`  counts ${JSON.stringify(r.counts)}`);
  line(`  heap: live at the end of the stream +${mb(r.heap.liveAtEndBytes).toFixed(1)} MB, peak heapUsed +${mb(r.heap.peakDeltaBytes).toFixed(1)} MB, retained after ${mb(r.heap.retainedAfterBytes).toFixed(2)} MB; rss peak ${mb(r.rss.peakBytes).toFixed(0)} MB (+${mb(r.rss.peakDeltaBytes).toFixed(0)} MB)`);
  line(`  baselines: entries as an array ${mb(r.baselines.entriesArrayBytes).toFixed(1)} MB (live/entries ${(r.heap.liveAtEndBytes / r.baselines.entriesArrayBytes).toFixed(2)}×), records as read ${mb(r.baselines.recordsAsReadBytes).toFixed(1)} MB (live/records ${(r.heap.liveAtEndBytes / r.baselines.recordsAsReadBytes).toFixed(2)}×)`);
  line(`  reads: ${r.scans.scans} Scan, ${r.scans.capacityUnits} RCU (strongly consistent; ${r.scans.scanned} items scanned); item bytes ${mb(r.itemBytes).toFixed(1)} MB / 4 KB = ${r.expectedCapacityUnits}`);
  for (const p of r.pageSizes) line(`  page Limit ${p.limit || 'none (1 MB)'}: ${p.ms.toFixed(0)} ms, ${p.scans} Scans, ${p.capacityUnits} RCU`);
}
