#!/usr/bin/env node
// Reconcile at scale (issue 8, item 5): N GRANTED grant records on dynalite against N
// `@ListAccess` entries, through a real bootstrap() handler of the built package (dist/),
// dry run. N − N/200 entries match a record (half by grantId, half by username, resource
// and permission), N/200 are made by hand (orphaned), N/200 records are not shown (missing).
//
//   node test/bench/reconcile-scale.js                            # N = 100 000, heap capped at 128 MB
//   BENCH_RECONCILE_RECORDS=20000 node test/bench/reconcile-scale.js
//   BENCH_RECONCILE_HEAP_MB=0 …                                   # V8's default heap limit
//   BENCH_RECONCILE_PAGE_SIZES=100,1000,0 …                       # also time the ledger read per Scan Limit (0: no Limit, 1 MB pages)
//   BENCH_RECONCILE_MISSING=… BENCH_RECONCILE_UNRECORDED=…         # records not shown; entries made by hand (default N/200 each)
//
// The script re-runs itself with --expose-gc and --max-old-space-size (the bound it
// claims). dynalite runs, and the records are loaded, in a child process, so the heap
// and RSS measured here are the handler's alone. Memory is a ratio against baselines
// measured in the same run: the entries held as an array, and the records held as the
// store returns them (measured in the server process: they do not fit the capped heap).
// Nothing here is a timed test assertion. A summary goes to
// stdout; the last line of stderr is JSON (what run.js reads).
const { fork, spawnSync } = require('node:child_process');
const path = require('node:path');
const v8 = require('node:v8');

const { dist } = require('./package-dir');
const RECORDS = Number(process.env.BENCH_RECONCILE_RECORDS ?? 100_000);
const MISSING = Math.min(RECORDS, Number(process.env.BENCH_RECONCILE_MISSING ?? Math.max(1, Math.round(RECORDS / 200))));
const HAND_MADE = Number(process.env.BENCH_RECONCILE_UNRECORDED ?? MISSING);
const HEAP_MB = Number(process.env.BENCH_RECONCILE_HEAP_MB ?? 128);
const PAGE_SIZES = (process.env.BENCH_RECONCILE_PAGE_SIZES ?? '').split(',').filter((s) => s !== '').map(Number);
const TABLE = 'bench-reconcile';
const ENTRIES_PER_API_PAGE = 1000;

const mb = (bytes) => bytes / 1024 / 1024;
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const thousands = (n) => n.toLocaleString('en-US');

function gc() {
  if (global.gc === undefined) throw new Error('run with node --expose-gc');
  global.gc();
  global.gc();
}

// ---- the data ------------------------------------------------------------------------

/** The i-th grant as Apono asked for it: every tenth on two resources, every tenth admin. */
function intentOf(i) {
  const resources = i % 10 === 0 ? [`proj-${i % 997}`, `proj-${(i + 1) % 997}`] : [`proj-${i % 997}`];
  return {
    grantId: `g-${String(i).padStart(7, '0')}-${((i * 2654435761) >>> 0).toString(16)}`,
    username: `user-${i}@example.com`,
    resourceType: 'project',
    resources,
    permission: i % 10 === 3 ? 'admin' : 'reader',
  };
}

/** The application's access: one entry per shown record (half carry their grantId), then the hand-made ones. */
function* applicationEntries() {
  for (let i = 0; i < RECORDS - MISSING; i++) {
    const { grantId, username, resources, permission } = intentOf(i);
    yield i % 2 === 0 ? { username, resources, permission, grantId } : { username, resources, permission };
  }
  for (let j = 0; j < HAND_MADE; j++) yield { username: `hand-${j}@example.com`, resources: [`proj-${j % 997}`], permission: 'reader' };
}

let recordLibrary;
/** The record builders the ledger itself uses (dist/). */
function recordLib() {
  recordLibrary ??= {
    ...require(path.join(dist, 'grants/records')),
    ...require(path.join(dist, 'grants/dynamodb/record-items')),
    ...require(path.join(dist, 'grants/record-bounds')),
  };
  return recordLibrary;
}

/** The record of grant i as the ledger leaves it: created GRANTING under a lock, then GRANTED with the method's data. */
function recordOf(i) {
  const lib = recordLib();
  const intent = intentOf(i);
  const now = 1_760_000_000_000 + i;
  const lock = { owner: `lambda:req-${i}`, expiresAtMs: now + 30_000 };
  const granting = lib.newRecord(intent, lib.hashGrantPayload(intent), 'GRANTING', lock, now);
  return lib.grantedRecord(granting, lock, now + 120, { membershipIds: intent.resources.map((_, k) => `m-${i}-${k}`) });
}

/** Writes the records with BatchWriteItem (25 items a request, 8 in flight), as the store's own items (`grantItem`). */
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
        request = (await client.send(new sdk.BatchWriteItemCommand({ RequestItems: request }))).UnprocessedItems;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return itemBytes;
}

// ---- processes -----------------------------------------------------------------------

/** Runs the measuring process with the flags it needs; its stdout and stderr are this one's. */
function launch() {
  const flags = ['--expose-gc', ...(HEAP_MB > 0 ? [`--max-old-space-size=${HEAP_MB}`] : [])];
  const result = spawnSync(process.execPath, [...flags, __filename, '--measure'], { stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
}

/**
 * The server process: the CLI's dynalite in memory on 127.0.0.1, the table created and
 * loaded here. It also measures the records-as-read baseline on request: holding every
 * record is what the measuring process's capped heap is not meant to fit.
 */
function serve() {
  const { loadDynalite } = require(path.join(dist, 'cli/store/embedded-dynalite'));
  const server = loadDynalite()({ createTableMs: 0 });
  process.on('disconnect', () => process.exit(0));
  server.listen(0, '127.0.0.1', async () => {
    const endpoint = `http://127.0.0.1:${server.address().port}`;
    const kit = require(dist);
    const sdk = require('@aws-sdk/client-dynamodb');
    const client = new sdk.DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
    await require(path.join(dist, 'stores')).createGrantTable(client, TABLE);
    const start = performance.now();
    const itemBytes = await load(client, sdk);
    process.on('message', async (message) => {
      if (message !== 'records-as-read') return;
      process.send({ recordsAsReadBytes: await liveBytesOf(() => readAll(new kit.DynamoDbGrantStore({ tableName: TABLE, client }))) });
    });
    process.send({ endpoint, itemBytes, loadMs: performance.now() - start });
  });
}

/** Every record, as the store's pages return them. */
async function readAll(store) {
  const all = [];
  let cursor;
  do {
    const page = await store.page({ cursor });
    for (const record of page.records) all.push(record);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return all;
}

function startServer() {
  // No heap cap here: the server holds every item, and the records-as-read baseline.
  const child = fork(__filename, ['--dynalite-server'], { execArgv: ['--expose-gc'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const reply = () => new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', resolve);
  });
  child.once('exit', (code, signal) => {
    if (signal === null) throw new Error(`the dynalite process exited (${code})`);
  });
  return reply().then((loaded) => ({
    ...loaded,
    request: (message) => {
      const answer = reply();
      child.send(message);
      return answer;
    },
    stop: () => child.kill(),
  }));
}

// ---- measuring -----------------------------------------------------------------------

/**
 * Counts Scans, and asks for (and adds up) the capacity each consumed, which the store
 * does not ask for. dynalite's Scan validation drops `ConsistentRead`, so it bills every
 * Scan as eventually consistent (half a unit per 4 KB scanned); the store's Scans are
 * strongly consistent, which DynamoDB bills at twice that.
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
  return { totals, reset: () => Object.assign(totals, { scans: 0, capacityUnits: 0, scanned: 0, returned: 0 }) };
}

/** Peaks of heapUsed and rss, sampled on every Scan, every API page of entries, and every few ms. */
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

/** Live heap (after a full GC) of what `make()` resolves to, while it is held. */
async function liveBytesOf(make) {
  await new Promise((resolve) => setImmediate(resolve)); // no suspended frame still holds what was measured before
  gc();
  const before = process.memoryUsage().heapUsed;
  const held = await make();
  gc();
  const bytes = process.memoryUsage().heapUsed - before;
  if (held.length === 0) throw new Error('nothing was held');
  return bytes;
}

/** A small integration whose `@ListAccess` lists the application's entries, an API page at a time. */
function integrationClass(kit, hooks) {
  class ScaleIntegration extends kit.Integration {
    list() {
      return { resources: [], permissions: [] };
    }
    grant() {}
    revoke() {}
    async *access() {
      hooks.started();
      let n = 0;
      for (const entry of applicationEntries()) {
        yield entry;
        if (++n % ENTRIES_PER_API_PAGE === 0) {
          hooks.sample();
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      hooks.finished();
    }
  }
  ScaleIntegration.resourceTypes = { project: ['reader', 'admin'] };
  // What `@ListAccess() access() {…}` compiles to under experimentalDecorators, by hand in plain JS.
  for (const [decorator, name] of [[kit.ListResources, 'list'], [kit.Grant, 'grant'], [kit.Revoke, 'revoke'], [kit.ListAccess, 'access']]) {
    decorator()(ScaleIntegration.prototype, name, Object.getOwnPropertyDescriptor(ScaleIntegration.prototype, name));
  }
  return ScaleIntegration;
}

async function measure() {
  const kit = require(dist);
  const sdk = require('@aws-sdk/client-dynamodb');
  const { LedgerIndex } = require(path.join(dist, 'reconcile/access-matcher'));

  const server = await startServer();
  const client = new sdk.DynamoDBClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, maxAttempts: 1 });
  try {
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
    await handler({ event_type: 'get-status', params: { custom_parameters: {} } }, context); // the handler's init stays out of the figures

    gc();
    const before = process.memoryUsage();
    const memory = memorySampler();
    Object.assign(sampler, memory);
    const start = performance.now();
    phases.cpuStart = process.cpuUsage();
    const report = await handler(event, context);
    const end = performance.now();
    memory.stop();
    const reconcileScans = { ...scans.totals };
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    const retainedBytes = process.memoryUsage().heapUsed - before.heapUsed;

    const expected = { records: RECORDS, accessEntries: RECORDS - MISSING + HAND_MADE, orphaned: HAND_MADE, missing: MISSING, uncertain: 0, revoked: 0 };
    for (const [key, value] of Object.entries(expected)) {
      if (report.counts[key] !== value) throw new Error(`report.counts.${key}: ${report.counts[key]}, expected ${value}`);
    }

    // Baselines in the same run: the entries held as an array (here), and the records as the store returns them (one more full read, in the server process).
    const entriesBytes = await liveBytesOf(async () => Array.from(applicationEntries()));
    const { recordsAsReadBytes: recordsBytes } = await server.request('records-as-read');

    const pageSizes = [];
    for (const limit of PAGE_SIZES) {
      // The previous index must be gone (a suspended frame may hold it) before the next one is built.
      await new Promise((resolve) => setImmediate(resolve));
      gc();
      scans.reset();
      const t = performance.now();
      let index = await LedgerIndex.read(store, ['project'], limit === 0 ? Number.MAX_SAFE_INTEGER : limit);
      pageSizes.push({ limit, ms: performance.now() - t, records: index.size, ...scans.totals });
      index = undefined;
    }

    const result = {
      records: RECORDS,
      accessEntries: report.counts.accessEntries,
      counts: report.counts,
      loadMs: server.loadMs,
      wallMs: end - start - phases.gcMs,
      ledgerReadMs: phases.streamStart - start,
      /** CPU this process spent in the ledger read (the SDK's parsing, the records, the index); the rest of it is dynalite's. */
      ledgerReadCpuMs: (phases.readCpu.user + phases.readCpu.system) / 1000,
      matchMs: phases.streamEnd - phases.streamStart,
      reportMs: end - phases.streamEnd - phases.gcMs,
      /** --max-old-space-size (0: V8's default), and the whole heap's limit it makes (old space + young generation). */
      oldSpaceCapMb: HEAP_MB,
      heapLimitBytes: v8.getHeapStatistics().heap_size_limit,
      heap: {
        beforeBytes: before.heapUsed,
        peakDeltaBytes: memory.peak.heapUsed - before.heapUsed,
        liveAtEndBytes: phases.liveHeapAtEnd - before.heapUsed,
        retainedAfterBytes: retainedBytes,
      },
      rss: { beforeBytes: before.rss, peakBytes: memory.peak.rss },
      baselines: { entriesArrayBytes: entriesBytes, recordsAsReadBytes: recordsBytes },
      scans: reconcileScans,
      itemBytes: server.itemBytes,
      pageSizes,
    };
    summarise(result);
    process.stderr.write(`${JSON.stringify(result)}\n`);
  } finally {
    client.destroy();
    server.stop();
  }
}

// ---- reporting -----------------------------------------------------------------------

function capOf(r) {
  return r.oldSpaceCapMb > 0 ? `old space capped at ${r.oldSpaceCapMb} MB` : `heap limit ${mb(r.heapLimitBytes).toFixed(0)} MB`;
}

function summarise(r) {
  const line = (s) => process.stdout.write(`${s}\n`);
  line(`reconcile: ${thousands(r.accessEntries)} entries × ${thousands(r.records)} records on dynalite, dry run, ${capOf(r)} (loading the records took ${seconds(r.loadMs)})`);
  line(`  wall ${seconds(r.wallMs)} = ledger read ${seconds(r.ledgerReadMs)} (${r.scans.scans} Scans; ${seconds(r.ledgerReadCpuMs)} of CPU here, the rest dynalite's) + matching ${seconds(r.matchMs)} + report ${seconds(r.reportMs)}`);
  line(`  counts ${JSON.stringify(r.counts)}`);
  line(`  heap: live at the end of the stream +${mb(r.heap.liveAtEndBytes).toFixed(1)} MB (${(r.heap.liveAtEndBytes / r.records).toFixed(0)} B a record), peak heapUsed +${mb(r.heap.peakDeltaBytes).toFixed(1)} MB, retained after ${mb(r.heap.retainedAfterBytes).toFixed(1)} MB; rss ${mb(r.rss.beforeBytes).toFixed(0)} → peak ${mb(r.rss.peakBytes).toFixed(0)} MB`);
  line(`  baselines: entries held as an array ${mb(r.baselines.entriesArrayBytes).toFixed(1)} MB (reconcile ${(r.heap.liveAtEndBytes / r.baselines.entriesArrayBytes).toFixed(2)}× that), records held as read ${mb(r.baselines.recordsAsReadBytes).toFixed(1)} MB (reconcile ${(r.heap.liveAtEndBytes / r.baselines.recordsAsReadBytes).toFixed(2)}× that)`);
  line(`  reads: ${r.scans.scans} Scans, ${thousands(r.scans.capacityUnits)} RCU strongly consistent (${thousands(r.scans.scanned)} items scanned); the items' bytes / 4 KB = ${thousands(Math.ceil(r.itemBytes / 4096))}`);
  for (const p of r.pageSizes) line(`  Scan Limit ${p.limit || 'none (1 MB pages)'}: ${seconds(p.ms)}, ${p.scans} Scans, ${thousands(p.capacityUnits)} RCU`);
}

/** run.js's table rows: [measure, ours, against the baseline, budget, within]. */
function reconcileRows(r) {
  const n = `${thousands(r.accessEntries)} entries × ${thousands(r.records)} records`;
  const live = r.heap.liveAtEndBytes;
  const pages = Math.ceil(r.records / 1000) + 1;
  return [
    [`reconcile, ${n} (dynalite, dry run)`, seconds(r.wallMs), `ledger read ${seconds(r.ledgerReadMs)} (${seconds(r.ledgerReadCpuMs)} CPU here, the rest dynalite's) + matching ${seconds(r.matchMs)}; loading the records: ${seconds(r.loadMs)}`, '≤ 20 s', r.wallMs <= 20_000],
    [`reconcile memory, live heap at its peak (${capOf(r)})`, `${mb(live).toFixed(1)} MB (${(live / r.records).toFixed(0)} B a record)`, `${(live / r.baselines.entriesArrayBytes).toFixed(2)}× the entries held as an array (${mb(r.baselines.entriesArrayBytes).toFixed(1)} MB), ${(live / r.baselines.recordsAsReadBytes).toFixed(2)}× the records held as read (${mb(r.baselines.recordsAsReadBytes).toFixed(1)} MB)`, '< the records held as read', live < r.baselines.recordsAsReadBytes],
    ['reconcile memory, peaks', `rss ${mb(r.rss.peakBytes).toFixed(0)} MB, heapUsed +${mb(r.heap.peakDeltaBytes).toFixed(0)} MB`, `rss ${mb(r.rss.beforeBytes).toFixed(0)} MB before; ${mb(r.heap.retainedAfterBytes).toFixed(1)} MB retained after the invocation`, 'reported', true],
    [`DynamoDB reads: reconcile of ${thousands(r.records)} records`, `${r.scans.scans} Scan, ${thousands(r.scans.capacityUnits)} RCU (strongly consistent)`, `the items' bytes / 4 KB = ${thousands(Math.ceil(r.itemBytes / 4096))}`, `1 Scan per 1,000 records (≤ ${pages})`, r.scans.scans <= pages],
  ];
}

module.exports = { reconcileRows };

if (require.main === module) {
  const run = { '--dynalite-server': serve, '--measure': measure }[process.argv[2]] ?? launch;
  Promise.resolve()
    .then(run)
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
